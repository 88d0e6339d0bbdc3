function Get-PgClusterRoleData {
    <#
    .SYNOPSIS
        What the cluster says about one role now, in the shape the Node helper reads
        (src/wsfc/observedRole.ts): exists, state, owner node, nodes, resources with their
        dependencies, the access point and the service name. A missing role is exists = false.
    #>
    [CmdletBinding()]
    [OutputType([System.Collections.Specialized.OrderedDictionary])]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Name
    )

    $nodes = @(Get-ClusterNode | ForEach-Object -Process { [ordered]@{ name = "$($_.Name)"; state = "$($_.State)" } })
    $group = Get-ClusterGroup -Name $Name -ErrorAction SilentlyContinue
    $data = [ordered]@{
        role        = $Name
        exists      = [bool]$group
        state       = $null
        ownerNode   = $null
        nodes       = $nodes
        resources   = @()
        accessPoint = $null
        serviceName = $null
    }
    if (-not $group) {
        return $data
    }
    $data.state = "$($group.State)"
    $data.ownerNode = "$($group.OwnerNode)"
    $resources = @(Get-ClusterResource | Where-Object -FilterScript { "$($_.OwnerGroup)" -eq $Name })
    $data.resources = @(foreach ($r in $resources) {
            $expression = Get-ClusterResourceDependency -Resource $r.Name -ErrorAction SilentlyContinue
            $dependsOn = @()
            if ($expression) {
                $dependsOn = @([regex]::Matches("$($expression.DependencyExpression)", '\[([^\]]+)\]') | ForEach-Object -Process { $_.Groups[1].Value })
            }
            $type = "$($r.ResourceType)"
            if ($type -in 'Network Name', 'Generic Service') {
                $parameter = @{ 'Network Name' = 'DnsName'; 'Generic Service' = 'ServiceName' }[$type]
                $value = @(Get-ClusterParameter -InputObject $r -ErrorAction SilentlyContinue | Where-Object -FilterScript { $_.Name -eq $parameter })
                if ($value.Count -gt 0) {
                    if ($type -eq 'Network Name') {
                        $data.accessPoint = "$($value[0].Value)"
                    }
                    else {
                        $data.serviceName = "$($value[0].Value)"
                    }
                }
            }
            [ordered]@{ name = "$($r.Name)"; type = $type; state = "$($r.State)"; dependsOn = $dependsOn }
        })
    return $data
}
