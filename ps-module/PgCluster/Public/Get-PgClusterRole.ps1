function Get-PgClusterRole {
    <#
    .SYNOPSIS
        Shows the failover-cluster roles that run a PostgreSQL instance: state, owner node,
        service, access point and resources.

    .DESCRIPTION
        Reads the role (cluster group) with the FailoverClusters cmdlets: its state and owner
        node, every resource in it with its type, state and dependencies, the Generic Service's
        ServiceName, the Network Name's DNS name (where clients connect) and the state of every
        cluster node. Without -Name it lists every role that holds a Generic Service resource.
        Changes nothing.

    .PARAMETER Name
        The role (cluster group) name, e.g. PGSQL.

    .EXAMPLE
        Get-PgClusterRole -Name PGSQL

        Shows the role's state, its node and its resources.

    .EXAMPLE
        Get-PgClusterRole | Where-Object State -NE Online

        Lists the PostgreSQL roles that are not online.

    .OUTPUTS
        PgCluster.ClusterRole

    .LINK
        New-PgClusterRole
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.ClusterRole')]
    param (
        [Parameter(Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [string[]]
        $Name
    )

    process {
        $names = $Name
        if (-not $names) {
            $names = @(Get-ClusterResource | Where-Object -FilterScript { "$($_.ResourceType)" -eq 'Generic Service' } |
                    ForEach-Object -Process { "$($_.OwnerGroup)" } | Sort-Object -Unique)
        }
        foreach ($roleName in $names) {
            $data = Get-PgClusterRoleData -Name $roleName
            if (-not $data.exists) {
                $record = New-PgErrorRecord -ErrorId 'ClusterRoleNotFound' -Category ObjectNotFound -TargetObject $roleName `
                    -Message "The cluster has no role named '$roleName'." `
                    -Hint 'Get-ClusterGroup lists the roles; New-PgClusterRole creates one.'
                $PSCmdlet.WriteError($record)
                continue
            }
            [pscustomobject]@{
                PSTypeName  = 'PgCluster.ClusterRole'
                Name        = $data.role
                State       = $data.state
                OwnerNode   = $data.ownerNode
                ServiceName = $data.serviceName
                AccessPoint = $data.accessPoint
                Resources   = @($data.resources | ForEach-Object -Process {
                        [pscustomobject]@{ Name = $_.name; Type = $_.type; State = $_.state; DependsOn = @($_.dependsOn) }
                    })
                Nodes       = @($data.nodes | ForEach-Object -Process { [pscustomobject]@{ Name = $_.name; State = $_.state } })
            }
        }
    }
}
