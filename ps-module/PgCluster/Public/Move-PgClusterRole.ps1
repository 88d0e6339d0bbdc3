function Move-PgClusterRole {
    <#
    .SYNOPSIS
        Switches a PostgreSQL failover-cluster role to another node.

    .DESCRIPTION
        The switching operation of normal running: the role moves to the node given, or to the
        other node of a two-node cluster (with more nodes, to the best possible node, as Failover
        Cluster Manager offers). The target must be up. The cmdlet waits until the move is done
        and fails, naming the resources that did not come online, if a role that was online is not
        online afterwards. With -Node it can be run again: a role already on that node is left
        alone. Transactions in progress are rolled back by the move; clients reconnect to the
        client access point (docs/client-behaviour.md).

    .PARAMETER Name
        The role (cluster group) name.

    .PARAMETER Node
        The node to move the role to.

    .PARAMETER Force
        Moves without asking for confirmation.

    .EXAMPLE
        Move-PgClusterRole -Name PGSQL -Node NODE2

        Switches the role to NODE2 (nothing happens when it runs there already).

    .OUTPUTS
        PgCluster.PlanStep

    .LINK
        Test-PgClusterFailover
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    [OutputType('PgCluster.PlanStep')]
    param (
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [string]
        $Name,

        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty()]
        [string]
        $Node,

        [Parameter()]
        [switch]
        $Force
    )

    process {
        if ($Force -and -not $PSBoundParameters.ContainsKey('Confirm')) {
            $ConfirmPreference = 'None'
        }
        $arguments = @()
        if ($Node) {
            $arguments = @('--node', $Node)
        }
        try {
            Invoke-PgClusterPlan -Plan (Invoke-PgClusterAction -Name $Name -Action move -ArgumentList $arguments)
        }
        catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
    }
}
