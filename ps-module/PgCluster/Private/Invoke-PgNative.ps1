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
    Write-Verbose -Message ("{0} {1} -> exit {2}" -f $FilePath, ($ArgumentList -join ' '), $code)
    return [pscustomobject]@{
        ExitCode = $code
        Output   = $lines
    }
}
