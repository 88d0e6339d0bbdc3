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
        The client access point's network name (NetBIOS, at most 15 characters).

    .PARAMETER StaticAddress
        The client access point's IPv4 address.

    .PARAMETER SubnetMask
        The subnet mask of that address; 255.255.255.0 by default.

    .PARAMETER Network
        The cluster network the address belongs to, e.g. Cluster Network 1.

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

        [Parameter(Mandatory = $true)]
        [ValidateNotNullOrEmpty()]
        [string]
        $AccessPointName,

        [Parameter(Mandatory = $true)]
        [ValidateNotNullOrEmpty()]
        [string]
        $StaticAddress,

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [string]
        $SubnetMask = '255.255.255.0',

        [Parameter(Mandatory = $true)]
        [ValidateNotNullOrEmpty()]
        [string]
        $Network,

        [Parameter()]
        [switch]
        $Force
    )

    if ($Force -and -not $PSBoundParameters.ContainsKey('Confirm')) {
        $ConfirmPreference = 'None'
    }
    $file = New-PgRoleFile -Name $Name -ServiceName $ServiceName -Disk $Disk -AccessPointName $AccessPointName -StaticAddress $StaticAddress -SubnetMask $SubnetMask -Network $Network
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
