function Test-PgClusterRole {
    <#
    .SYNOPSIS
        Tells whether a PostgreSQL failover-cluster role is exactly as New-PgClusterRole would
        make it.

    .DESCRIPTION
        Asks the Node helper for the role plan and tests every step against the cluster without
        changing anything: the role, its disks, the client access point, the Generic Service
        resource with its ServiceName, and the dependencies. Returns $true when nothing differs.
        With -Detailed it returns one PgCluster.PlanStep per step instead, naming what differs.

    .PARAMETER Name
        The role (cluster group) name.

    .PARAMETER ServiceName
        The instance's Windows service.

    .PARAMETER Disk
        The cluster disk resources the role must hold.

    .PARAMETER AccessPointName
        The client access point's network name (NetBIOS, at most 15 characters). Optional, as in
        the manual ("if used"): without an access point clients connect to the owner node.

    .PARAMETER StaticAddress
        The access point's static addresses, one per network (multi-subnet: one per site):
        IPv4 (with -SubnetMask, or as 10.0.0.50/24) or IPv6 with its prefix length
        (2001:db8::50/64). The network name depends on them with OR: it is online when any is.

    .PARAMETER SubnetMask
        The subnet mask of each IPv4 address, in the same order, or one for all of them.

    .PARAMETER Dhcp
        Leases the access point's IPv4 address from DHCP, one per network given; not with -StaticAddress.

    .PARAMETER Network
        The cluster network of each address, in the same order, e.g. Cluster Network 1.

    .PARAMETER PreferredOwner
        The nodes the role prefers, in order (Set-ClusterOwnerNode). Left as it is when not given.

    .PARAMETER Port
        Also checks PostgreSQL itself: connects to the role on this port and runs SELECT 1
        (pgcluster probe). A Generic Service resource only watches the process; this finds a
        server that runs but does not answer. A failed connection makes the result $false.

    .PARAMETER HostName
        Where the SQL check connects; default: the access point name, or the owner node when
        the role has none.

    .PARAMETER Credential
        The PostgreSQL user (and password) of the SQL check; default: PGUSER/PGPASSWORD or the
        pgpass file of the environment.

    .PARAMETER TimeoutSeconds
        How long the SQL check waits for an answer; 10 seconds by default.

    .PARAMETER Detailed
        Returns the steps with their findings instead of $true or $false.

    .EXAMPLE
        Test-PgClusterRole -Name PGSQL -ServiceName inst1 -Disk 'Cluster Disk 1' -AccessPointName PGSQLVS -StaticAddress 10.0.0.50 -Network 'Cluster Network 1'

        True when the role needs no change.

    .EXAMPLE
        Test-PgClusterRole @role -Port 5432 -Credential $cred

        True when the role needs no change and its PostgreSQL answers SELECT 1; schedule it
        (docs/wsfc.md, "SQL health check") to learn of a hung server.

    .EXAMPLE
        Test-PgClusterRole @role -Detailed | Where-Object Outcome -NE unchanged

        Lists what differs.

    .OUTPUTS
        System.Boolean, PgCluster.PlanStep

    .LINK
        New-PgClusterRole
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    [OutputType('PgCluster.PlanStep')]
    param (
        [Parameter(Mandatory = $true, Position = 0)]
        [ValidateNotNullOrEmpty()]
        [string]
        $Name,

        [Parameter(Mandatory = $true)]
        [ValidateNotNullOrEmpty()]
        [string]
        $ServiceName,

        [Parameter(Mandatory = $true)]
        [ValidateNotNullOrEmpty()]
        [string[]]
        $Disk,

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [string]
        $AccessPointName,

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [string[]]
        $StaticAddress,

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [string[]]
        $SubnetMask,

        [Parameter()]
        [switch]
        $Dhcp,

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [string[]]
        $Network,

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [string[]]
        $PreferredOwner,

        [Parameter()]
        [ValidateRange(1, 65535)]
        [int]
        $Port,

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [string]
        $HostName,

        [Parameter()]
        [System.Management.Automation.PSCredential]
        [System.Management.Automation.Credential()]
        $Credential = [System.Management.Automation.PSCredential]::Empty,

        [Parameter()]
        [ValidateRange(1, 3600)]
        [int]
        $TimeoutSeconds = 10,

        [Parameter()]
        [switch]
        $Detailed
    )

    $file = New-PgRoleFile -Bound $PSBoundParameters
    try {
        $plan = @((Invoke-PgNodeTool -Tool pgcluster -ArgumentList @('wsfc-plan', '--role', $file)).plan)
        $steps = @(Invoke-PgClusterPlan -Plan $plan -TestOnly)
    }
    catch {
        $PSCmdlet.ThrowTerminatingError($_)
    }
    finally {
        Remove-Item -LiteralPath $file -Force -ErrorAction SilentlyContinue -WhatIf:$false -Confirm:$false
    }
    if ($PSBoundParameters.ContainsKey('Port')) {
        $steps += Test-PgClusterRoleSql -Name $Name -Port $Port -HostName $HostName -AccessPointName $AccessPointName `
            -Credential $Credential -TimeoutSeconds $TimeoutSeconds -Step ($steps.Count + 1)
    }
    # A SQL check that connected is as good as a step that needs no change.
    foreach ($step in $steps | Where-Object -FilterScript { $_.Outcome -notin 'unchanged', 'connected' }) {
        Write-Verbose -Message "Differs: step $($step.Step) $($step.Kind) $($step.Target): $($step.Outcome) $($step.Detail)"
    }
    if ($Detailed) {
        return $steps
    }
    return (@($steps | Where-Object -FilterScript { $_.Outcome -notin 'unchanged', 'connected' }).Count -eq 0)
}
