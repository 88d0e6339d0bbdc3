function Get-PgGizmo {
    <#
    .SYNOPSIS
        Gets the gizmo.

    .DESCRIPTION
        Returns the single PgCluster.Gizmo object of the fixture, without changing anything.

    .EXAMPLE
        Get-PgGizmo

        Gets the gizmo.

    .OUTPUTS
        PgCluster.Gizmo
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.Gizmo')]
    param ()

    [pscustomobject]@{ PSTypeName = 'PgCluster.Gizmo'; Name = 'g' }
}
