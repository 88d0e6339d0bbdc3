function New-PgClusterRole {
    <#
    .SYNOPSIS
        Creates (or repairs) the failover-cluster role that runs a PostgreSQL instance as a Generic Service.

    .DESCRIPTION
        Asks the Node helper for the role plan (pgcluster wsfc-plan) and carries it out with the
        FailoverClusters cmdlets, in the manual's order: an empty role, its shared disks moved
        into it, a client access point (IP Address and Network Name resources), a Generic Service
        resource for the instance's service, and dependencies so that the disks and the access
        point are online before PostgreSQL starts. Every step is tested first and changed only
        when it differs, so running it again repairs drift and changes nothing otherwise. Run
        pgcluster wsfc-preflight first.

    .PARAMETER Name
        The role (cluster group) name, e.g. PGSQL.

    .PARAMETER ServiceName
        The instance's Windows service, registered under this same name on every node.

    .PARAMETER Disk
        The cluster disk resources that hold the data, WAL, tablespaces and backups.

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

    .PARAMETER Force
        Makes every change without asking for confirmation.

    .EXAMPLE
        New-PgClusterRole -Name PGSQL -ServiceName inst1 -Disk 'Cluster Disk 1','Cluster Disk 2' -AccessPointName PGSQLVS -StaticAddress 10.0.0.50 -Network 'Cluster Network 1'

        Creates the role the manual's chapter 3 builds in Failover Cluster Manager.

    .EXAMPLE
        New-PgClusterRole -Name PGSQL -ServiceName inst1 -Disk 'Cluster Disk 1' -AccessPointName PGSQLVS -StaticAddress 10.0.0.50 -Network 'Cluster Network 1' -WhatIf

        Shows what would be created or changed.

    .OUTPUTS
        PgCluster.PlanStep

    .LINK
        Export-PgMscsScript
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
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
        [switch]
        $Force
    )

    if ($Force -and -not $PSBoundParameters.ContainsKey('Confirm')) {
        $ConfirmPreference = 'None'
    }
    $file = New-PgRoleFile -Bound $PSBoundParameters
    try {
        $plan = @((Invoke-PgNodeTool -Tool pgcluster -ArgumentList @('wsfc-plan', '--role', $file)).plan)
        Invoke-PgClusterPlan -Plan $plan
    }
    catch {
        $PSCmdlet.ThrowTerminatingError($_)
    }
    finally {
        Remove-Item -LiteralPath $file -Force -ErrorAction SilentlyContinue -WhatIf:$false -Confirm:$false
    }
}
