function Get-PgLost {
    <#
    .SYNOPSIS
        Gets the lost thing.

    .DESCRIPTION
        Returns the single PgCluster.Lost object of the fixture, without changing anything.

    .EXAMPLE
        Get-PgLost

        Gets the lost thing.

    .OUTPUTS
        PgCluster.Lost
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.Lost')]
    param ()

    [pscustomobject]@{ PSTypeName = 'PgCluster.Lost'; Name = 'g' }
}
