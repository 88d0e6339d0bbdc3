function Get-PgMirroringServiceCommandLine {
    <#
    .SYNOPSIS
        The service command line of a service.mirroring operation: the service host followed by
        the controller command (node, script, options), each argument quoted.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param (
        [Parameter(Mandatory = $true)]
        [pscustomobject]
        $Operation
    )

    $serviceHost = Get-PgServiceHostPath
    return (Join-PgCommandLine -Argument (@($serviceHost, '--stop-command', (Join-PgCommandLine -Argument @($Operation.stopCommand)), '--') + @($Operation.command)))
}
