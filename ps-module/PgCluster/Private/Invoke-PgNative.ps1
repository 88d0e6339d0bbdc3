function Invoke-PgNative {
    <#
    .SYNOPSIS
        Runs a native program and returns its exit code and output lines. Every external program
        the module uses (sc.exe, regsvr32.exe, icacls.exe, takeown.exe, netsh.exe, pg_ctl.exe,
        node.exe) goes through here: one seam for tests to mock. -Environment sets variables for
        the child only; -StandardInput lines are written to its standard input (a secret given
        there stays off its command line and out of verbose output).

        The program is judged by its exit code alone: a line on standard error never throws, whatever
        the caller's $ErrorActionPreference. The answer has ExitCode; Output, every line of both
        streams in the order they arrived; StdOut and StdErr, the lines of each stream. A program
        that cannot be started (not found, not executable) still throws.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $FilePath,

        [Parameter()]
        [string[]]
        $ArgumentList = @(),

        [Parameter()]
        [hashtable]
        $Environment = @{},

        [Parameter()]
        [AllowEmptyCollection()]
        [string[]]
        $StandardInput
    )

    # Variables for the child only (a password in PGPASSWORD stays off its command line); the
    # caller's environment is restored whatever happens.
    $saved = @{}
    foreach ($name in $Environment.Keys) {
        $saved[$name] = [System.Environment]::GetEnvironmentVariable($name)
        [System.Environment]::SetEnvironmentVariable($name, [string]$Environment[$name])
    }
    # Exit code only, never stderr: in Windows PowerShell 5.1, "2>&1" under the caller's
    # $ErrorActionPreference = 'Stop' (the Node bridge sets it) turns the first stderr line into a
    # terminating NativeCommandError (RemoteException) before $LASTEXITCODE is read. PowerShell 7.2+
    # no longer applies $ErrorActionPreference to stderr records (PowerShell PR #13361), but with
    # $PSNativeCommandUseErrorActionPreference = $true (7.3+) a non-zero exit code under 'Stop' throws
    # NativeCommandExitException (about_Preference_Variables). Both are local to this function, so the
    # caller's values come back when it returns. Stderr lines still arrive as ErrorRecord objects in
    # the merged stream, which is how they are told apart from stdout strings below.
    $ErrorActionPreference = 'Continue'
    # pgqa-allow: Compat.AutomaticVariable -- switched off for PowerShell 7.3+; in 5.1 it is an unused local
    $PSNativeCommandUseErrorActionPreference = $false
    try {
        if ($PSBoundParameters.ContainsKey('StandardInput')) {
            # Lines go out in $OutputEncoding (ASCII in 5.1): callers send ASCII (see Invoke-PgServiceTool).
            $output = $StandardInput | & $FilePath @ArgumentList 2>&1
        }
        else {
            $output = & $FilePath @ArgumentList 2>&1
        }
        $code = $LASTEXITCODE
    }
    catch {
        # A program that cannot be started stays a terminating error: under 'Continue' without this
        # catch, the function would go on with a stale $LASTEXITCODE when no caller has a try.
        throw
    }
    finally {
        foreach ($name in $saved.Keys) {
            if ($null -eq $saved[$name]) {
                # Not [Environment]::SetEnvironmentVariable($name, $null): PowerShell passes '' for $null.
                Remove-Item -LiteralPath "Env:$name" -ErrorAction SilentlyContinue
            }
            else {
                [System.Environment]::SetEnvironmentVariable($name, $saved[$name])
            }
        }
    }
    $lines = New-Object -TypeName 'System.Collections.Generic.List[string]'
    $stdout = New-Object -TypeName 'System.Collections.Generic.List[string]'
    $stderr = New-Object -TypeName 'System.Collections.Generic.List[string]'
    foreach ($item in @($output)) {
        $line = "$item"
        $lines.Add($line)
        if ($item -is [System.Management.Automation.ErrorRecord]) {
            $stderr.Add($line)
        }
        else {
            $stdout.Add($line)
        }
    }
    # Passwords (pg_ctl -P, sc.exe password= <pw>, mc_ctl --password=) never reach verbose output.
    $shown = for ($i = 0; $i -lt $ArgumentList.Count; $i++) {
        $previous = $null
        if ($i -gt 0) {
            $previous = $ArgumentList[$i - 1]
        }
        if ($previous -ceq '-P' -or $previous -eq 'password=') {
            '*****'
        }
        elseif ($ArgumentList[$i] -like '--password=*') {
            '--password=*****'
        }
        else {
            $ArgumentList[$i]
        }
    }
    Write-Verbose -Message ("{0} {1} -> exit {2}" -f $FilePath, ($shown -join ' '), $code)
    return [pscustomobject]@{
        ExitCode = $code
        Output   = [string[]]$lines.ToArray()
        StdOut   = [string[]]$stdout.ToArray()
        StdErr   = [string[]]$stderr.ToArray()
    }
}
