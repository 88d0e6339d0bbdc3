function Get-PgServiceHostPath {
    <#
    .SYNOPSIS
        The Windows service host that runs the Mirroring Controller (Node is not a service program:
        the host answers the service control manager and starts and stops the controller).
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param ()

    Get-PgHelperPath -Name 'pgcluster-service.exe' `
        -Hint 'It is installed by the PgCluster MSI (in a source tree: scripts/build-windows-helpers); until then start the controller with Start-PgMirroring.'
}
