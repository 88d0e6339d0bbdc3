function Export-PgMscsScript {
    <#
    .SYNOPSIS
        Writes the cluster.exe script that creates the PostgreSQL role on MSCS (Windows Server 2003).

    .DESCRIPTION
        The same role plan as New-PgClusterRole, rendered by the Node helper as a batch file of
        cluster.exe commands (group, IP address, network name, disk move, Generic Service
        resource, dependencies, then the group online). The script stops at the first command
        that fails and says so. Run it on one node as a cluster administrator.

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

    .PARAMETER Path
        The file to write, e.g. C:\pgcluster\pgsql-role.cmd.

    .PARAMETER Cluster
        The cluster name for cluster.exe /cluster:, when not run on a node of that cluster.

    .PARAMETER Force
        Overwrites an existing file without asking for confirmation.

    .EXAMPLE
        Export-PgMscsScript -Name PGSQL -ServiceName inst1 -Disk 'Disk E:' -AccessPointName PGSQLVS -StaticAddress 10.0.0.50 -Network 'Public' -Path C:\pgcluster\pgsql-role.cmd

        Writes the script for the manual's chapter 4 set-up.

    .OUTPUTS
        System.IO.FileInfo

    .LINK
        New-PgClusterRole
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Low')]
    [OutputType([System.IO.FileInfo])]
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

        [Parameter(Mandatory = $true)]
        [ValidateNotNullOrEmpty()]
        [string]
        $Path,

        [Parameter()]
        [string]
        $Cluster,

        [Parameter()]
        [switch]
        $Force
    )

    if ($Force -and -not $PSBoundParameters.ContainsKey('Confirm')) {
        $ConfirmPreference = 'None'
    }
    if (-not $PSCmdlet.ShouldProcess($Path, 'Write the cluster.exe script of the PostgreSQL role')) {
        return
    }
    $file = New-PgRoleFile -Bound $PSBoundParameters
    try {
        # Relative to the PowerShell location, not the process directory.
        $target = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
        $arguments = @('wsfc-plan', '--role', $file, '--mscs-script', $target)
        if ($Cluster) {
            $arguments += @('--cluster', $Cluster)
        }
        $null = Invoke-PgNodeTool -Tool pgcluster -ArgumentList $arguments
        Get-Item -LiteralPath $target
    }
    catch {
        $PSCmdlet.ThrowTerminatingError($_)
    }
    finally {
        Remove-Item -LiteralPath $file -Force -ErrorAction SilentlyContinue -WhatIf:$false -Confirm:$false
    }
}
