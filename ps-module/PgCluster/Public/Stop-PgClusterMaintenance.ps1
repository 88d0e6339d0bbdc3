function Stop-PgClusterMaintenance {
    <#
    .SYNOPSIS
        Ends the maintenance stop of a PostgreSQL failover-cluster role or node, printing each step.

    .DESCRIPTION
        -Mode BothNodes: the role comes online again (PostgreSQL starts through the cluster),
        then the Cluster service of the other nodes starts.

        -Mode StandbyNode: the Cluster service of the maintained node starts again; with
        -SwitchRole the role then moves to it, so the other node can be maintained next
        (Start-PgClusterMaintenance -Mode StandbyNode -Node <the other node>).

        The steps are planned by the Node helper from the cluster's state and tested before each
        change, so a second run changes nothing.

    .PARAMETER Name
        The role (cluster group) name.

    .PARAMETER Mode
        BothNodes or StandbyNode: the mode maintenance was started with.

    .PARAMETER Node
        StandbyNode: the node that was maintained (default: the one node that is down).

    .PARAMETER SwitchRole
        StandbyNode: move the role to the maintained node afterwards.

    .PARAMETER Force
        Makes the changes without asking for confirmation.

    .EXAMPLE
        Stop-PgClusterMaintenance -Name PGSQL -Mode BothNodes

        Brings the role online and the other node back into the cluster.

    .EXAMPLE
        Stop-PgClusterMaintenance -Name PGSQL -Mode StandbyNode -SwitchRole

        Brings the patched node back and switches the role to it.

    .OUTPUTS
        PgCluster.PlanStep

    .LINK
        Start-PgClusterMaintenance
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('PgCluster.PlanStep')]
    param (
        [Parameter(Mandatory = $true, Position = 0)]
        [ValidateNotNullOrEmpty()]
        [string]
        $Name,

        [Parameter(Mandatory = $true)]
        [ValidateSet('BothNodes', 'StandbyNode')]
        [string]
        $Mode,

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [string]
        $Node,

        [Parameter()]
        [switch]
        $SwitchRole,

        [Parameter()]
        [switch]
        $Force
    )

    if ($Force -and -not $PSBoundParameters.ContainsKey('Confirm')) {
        $ConfirmPreference = 'None'
    }
    $arguments = @('--mode', $Mode)
    if ($Node) {
        $arguments += @('--node', $Node)
    }
    if ($SwitchRole) {
        $arguments += '--switch-role'
    }
    try {
        Invoke-PgClusterPlan -Plan (Invoke-PgClusterAction -Name $Name -Action maintenance-stop -ArgumentList $arguments)
    }
    catch {
        $PSCmdlet.ThrowTerminatingError($_)
    }
}
