function Invoke-PgNative {
    <#
    .SYNOPSIS
        Runs a native program and returns its exit code and output lines. Every external program
        the module uses (sc.exe, regsvr32.exe, icacls.exe, takeown.exe, netsh.exe, pg_ctl.exe,
        node.exe) goes through here: one seam for tests to mock. -Environment sets variables for
        the child only.
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
        $Environment = @{}
    )

    # Variables for the child only (a password in PGPASSWORD stays off its command line); the
    # caller's environment is restored whatever happens.
    $saved = @{}
    foreach ($name in $Environment.Keys) {
        $saved[$name] = [System.Environment]::GetEnvironmentVariable($name)
        [System.Environment]::SetEnvironmentVariable($name, [string]$Environment[$name])
    }
    try {
        $output = & $FilePath @ArgumentList 2>&1
        $code = $LASTEXITCODE
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
    $lines = @($output | ForEach-Object -Process { "$_" })
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
        Output   = $lines
    }
}
