function Get-PgTyped {
    <#
    .SYNOPSIS
        Emits typed objects.

    .DESCRIPTION
        Emits one object of a type that has a view and two of types that have none.

    .EXAMPLE
        Get-PgTyped

        Emits the three objects.

    .OUTPUTS
        PgCluster.Used
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.Used')]
    param ()

    [pscustomobject]@{ PSTypeName = 'PgCluster.Used'; Name = 'a' }
    [pscustomobject]@{ PSTypeName = 'PgCluster.NoView'; Name = 'b' }  # expect: View.TypeWithoutView
    $o = [pscustomobject]@{ Name = 'c' }
    $o.PSObject.TypeNames.Insert(0, 'PgCluster.AlsoNoView')  # expect: View.TypeWithoutView
    $o
}
