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
        The client access point's network name.

    .PARAMETER StaticAddress
        The client access point's IPv4 address.

    .PARAMETER SubnetMask
        The subnet mask of that address; 255.255.255.0 by default.

    .PARAMETER Network
        The cluster network the address belongs to.

    .PARAMETER Detailed
        Returns the steps with their findings instead of $true or $false.

    .EXAMPLE
        Test-PgClusterRole -Name PGSQL -ServiceName inst1 -Disk 'Cluster Disk 1' -AccessPointName PGSQLVS -StaticAddress 10.0.0.50 -Network 'Cluster Network 1'

        True when the role needs no change.

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
        $Detailed
    )

    $file = New-PgRoleFile -Name $Name -ServiceName $ServiceName -Disk $Disk -AccessPointName $AccessPointName -StaticAddress $StaticAddress -SubnetMask $SubnetMask -Network $Network
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
    foreach ($step in $steps | Where-Object -FilterScript { $_.Outcome -ne 'unchanged' }) {
        Write-Verbose -Message "Differs: step $($step.Step) $($step.Kind) $($step.Target): $($step.Outcome) $($step.Detail)"
    }
    if ($Detailed) {
        return $steps
    }
    return (@($steps | Where-Object -FilterScript { $_.Outcome -ne 'unchanged' }).Count -eq 0)
}
