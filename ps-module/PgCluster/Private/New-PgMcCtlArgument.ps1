function New-PgMcCtlArgument {
    <#
    .SYNOPSIS
        Builds the start of an mc_ctl command line: the mode, -M with the management directory as
        an absolute path, and --local-server when one is given.
    .DESCRIPTION
        PowerShell's current location is not the process's current directory, so a relative
        management directory is resolved here, before node.exe sees it.
    #>
    [CmdletBinding()]
    [OutputType([string[]])]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Mode,

        [Parameter(Mandatory = $true)]
        [string]
        $ConfigPath,

        [Parameter()]
        [AllowEmptyString()]
        [AllowNull()]
        [string]
        $LocalServer
    )

    $full = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($ConfigPath)
    $arguments = @($Mode, '-M', $full)
    if ($LocalServer) {
        $arguments += @('--local-server', $LocalServer)
    }
    return , $arguments
}
