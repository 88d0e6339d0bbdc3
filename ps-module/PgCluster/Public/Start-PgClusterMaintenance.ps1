function Start-PgClusterMaintenance {
    <#
    .SYNOPSIS
        Stops a PostgreSQL failover-cluster role, or one node, for maintenance, printing each step.

    .DESCRIPTION
        The maintenance workflows of the shared-disk failover mode:

        -Mode BothNodes (simultaneous stopped-node maintenance: database recovery, work on the
        shared disks or on hardware the cluster's resources use): the role is taken offline, so
        PostgreSQL stops cleanly, and the Cluster service of every other node stops. With
        -DiskAccess the role's disks are brought online on the remaining node for the work.

        -Mode StandbyNode (mutual switch maintenance: patches, CPU or memory, without stopping
        the job): the Cluster service of the node that does not run the role stops.

        The Node helper plans the steps from the cluster's state; each step is tested first, so a
        second run changes nothing. The last step says what to do next. Undo with
        Stop-PgClusterMaintenance and the same -Mode.

    .PARAMETER Name
        The role (cluster group) name.

    .PARAMETER Mode
        BothNodes or StandbyNode.

    .PARAMETER Node
        StandbyNode: the node to maintain, when more than one node does not run the role.

    .PARAMETER DiskAccess
        BothNodes: bring the role's disks online for the maintenance work.

    .PARAMETER Force
        Makes the changes without asking for confirmation.

    .EXAMPLE
        Start-PgClusterMaintenance -Name PGSQL -Mode BothNodes -DiskAccess

        Stops PostgreSQL and the other node's Cluster service, and brings the disks online for a recovery.

    .EXAMPLE
        Start-PgClusterMaintenance -Name PGSQL -Mode StandbyNode

        Takes the standby node out of the cluster for patching; PostgreSQL keeps running.

    .OUTPUTS
        PgCluster.PlanStep

    .LINK
        Stop-PgClusterMaintenance
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
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
        $DiskAccess,

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
    if ($DiskAccess) {
        $arguments += '--disk-access'
    }
    try {
        Invoke-PgClusterPlan -Plan (Invoke-PgClusterAction -Name $Name -Action maintenance-start -ArgumentList $arguments)
    }
    catch {
        $PSCmdlet.ThrowTerminatingError($_)
    }
}
