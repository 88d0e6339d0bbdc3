function Resolve-PgLocalServer {
    <#
    .SYNOPSIS
        This server's identifier: the one given, else the one mc_ctl status --json names
        (localServer), else nothing.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param (
        [Parameter(Mandatory = $true)]
        [object]
        $Answer,

        [Parameter()]
        [AllowEmptyString()]
        [AllowNull()]
        [string]
        $LocalServer
    )

    if ($LocalServer) {
        return $LocalServer
    }
    if ($Answer.PSObject.Properties['localServer'] -and $Answer.localServer) {
        return [string]$Answer.localServer
    }
    return $null
}
