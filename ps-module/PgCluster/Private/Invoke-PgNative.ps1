function Invoke-PgNative {
    <#
    .SYNOPSIS
        Runs a native program and returns its exit code and output lines. Every external program
        the module uses (sc.exe, regsvr32.exe, icacls.exe, takeown.exe, netsh.exe, pg_ctl.exe,
        node.exe) goes through here: one seam for tests to mock.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $FilePath,

        [Parameter()]
        [string[]]
        $ArgumentList = @()
    )

    $output = & $FilePath @ArgumentList 2>&1
    $code = $LASTEXITCODE
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
