function Get-PgLocalControllerState {
    <#
    .SYNOPSIS
        Tells from an mc_ctl status answer whether this server's Mirroring Controller runs:
        'running', 'stopped', or 'unknown' when the answer cannot tell which server is local.
    .DESCRIPTION
        A running local controller answers itself (answeredBy = its id). A stopped one leaves the
        answer to the peer (answeredBy = peer, local = 'stopped') or to the files ("<id> (files
        only)"). "One running, one stopped" is ambiguous without --local-server.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param (
        [Parameter(Mandatory = $true)]
        [object]
        $Status,

        [Parameter()]
        [AllowEmptyString()]
        [AllowNull()]
        [string]
        $LocalServer
    )

    $controllers = @{}
    if ($Status.PSObject.Properties['controllers'] -and $Status.controllers) {
        foreach ($property in $Status.controllers.PSObject.Properties) {
            $controllers[$property.Name] = "$($property.Value)"
        }
    }
    if ($LocalServer) {
        if ($controllers.ContainsKey($LocalServer) -and $controllers[$LocalServer] -in @('running', 'stopped')) {
            return $controllers[$LocalServer]
        }
        return 'unknown'
    }
    $answeredBy = "$($Status.answeredBy)"
    if ($answeredBy -match '^(?<id>.+) \(files only\)$') {
        return 'stopped'
    }
    $states = @($controllers.Values)
    if (@($states | Where-Object -FilterScript { $_ -eq 'running' }).Count -eq 2) {
        return 'running'
    }
    if ($controllers[$answeredBy] -eq 'running' -and ($states -contains 'unreachable')) {
        # Only a running local controller reports its peer unreachable.
        return 'running'
    }
    return 'unknown'
}
