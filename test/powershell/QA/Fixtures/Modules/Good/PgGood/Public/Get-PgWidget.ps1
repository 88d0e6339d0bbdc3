function Get-PgWidget {
    <#
    .SYNOPSIS
        Gets widgets.

    .DESCRIPTION
        Returns one PgCluster.Widget object per name, with its size, without changing anything.

    .PARAMETER Name
        Widget names.

    .EXAMPLE
        Get-PgWidget -Name 'w1'

        Gets the widget w1.

    .OUTPUTS
        PgCluster.Widget
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.Widget')]
    param (
        [Parameter(Mandatory = $true, ValueFromPipeline = $true)]
        [string[]]
        $Name
    )

    process {
        foreach ($n in $Name) {
            [pscustomobject]@{
                PSTypeName = 'PgCluster.Widget'
                Name       = $n
                Size       = 1
            }
        }
    }
}
