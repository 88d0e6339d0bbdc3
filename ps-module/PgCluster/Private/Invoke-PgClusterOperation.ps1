function Invoke-PgClusterOperation {
    <#
    .SYNOPSIS
        Carries out one operation of the role plan (src/wsfc/rolePlan.ts) with the FailoverClusters
        cmdlets: each is tested first and changed only when it differs. Returns the outcome.
    #>
    [CmdletBinding(SupportsShouldProcess = $true)]
    [OutputType([string])]
    param (
        [Parameter(Mandatory = $true)]
        [pscustomobject]
        $Operation
    )

    $op = $Operation
    $outcome = 'unchanged'
    switch ($op.kind) {
        'wsfc.group' {
            if (-not (Get-ClusterGroup -Name $op.group -ErrorAction SilentlyContinue)) {
                if ($PSCmdlet.ShouldProcess("role '$($op.group)'", 'Create the empty role')) {
                    $null = Add-ClusterGroup -Name $op.group
                    $outcome = 'created'
                }
                else {
                    $outcome = 'would create'
                }
            }
        }
        'wsfc.disk' {
            $disk = Get-ClusterResource -Name $op.disk -ErrorAction SilentlyContinue
            if (-not $disk) {
                throw (New-PgErrorRecord -ErrorId 'ClusterDiskNotFound' -Category ObjectNotFound -TargetObject $op.disk `
                        -Message "The cluster has no disk resource named '$($op.disk)'." `
                        -Hint 'Add the disk to the cluster first: Get-ClusterAvailableDisk | Add-ClusterDisk (then use the name it gets).')
            }
            if ("$($disk.OwnerGroup)" -ne $op.group) {
                if ($PSCmdlet.ShouldProcess("disk '$($op.disk)'", "Move it into role '$($op.group)'")) {
                    $null = Move-ClusterResource -Name $op.disk -Group $op.group
                    $outcome = 'changed'
                }
                else {
                    $outcome = 'would change'
                }
            }
        }
        'wsfc.dependency' {
            $wanted = (@($op.dependsOn) | ForEach-Object -Process { "[$_]" }) -join ' and '
            $current = Get-ClusterResourceDependency -Resource $op.resource -ErrorAction SilentlyContinue
            $now = $null
            if ($current) {
                $now = "$($current.DependencyExpression)"
            }
            if ($now -ne $wanted) {
                if ($PSCmdlet.ShouldProcess("resource '$($op.resource)'", "Depend on $wanted")) {
                    $null = Set-ClusterResourceDependency -Resource $op.resource -Dependency $wanted
                    $outcome = 'changed'
                }
                else {
                    $outcome = 'would change'
                }
            }
        }
        default {
            # A resource with private properties: IP Address, Network Name, Generic Service.
            $type = @{ 'wsfc.ipAddress' = 'IP Address'; 'wsfc.networkName' = 'Network Name'; 'wsfc.genericService' = 'Generic Service' }[$op.kind]
            if (-not $type) {
                throw (New-PgErrorRecord -ErrorId 'UnknownOperation' -TargetObject $op `
                        -Message "The role plan holds an operation of unknown kind '$($op.kind)'." `
                        -Hint 'The PgCluster module and its Node helper come from different versions: reinstall PgCluster.')
            }
            $wanted = @{}
            if ($op.kind -eq 'wsfc.ipAddress') {
                $wanted = @{ Address = $op.address; SubnetMask = $op.subnetMask; Network = $op.network; EnableDhcp = 0 }
            }
            elseif ($op.kind -eq 'wsfc.networkName') {
                $wanted = @{ Name = $op.dnsName; DnsName = $op.dnsName }
            }
            else {
                $wanted = @{ ServiceName = $op.serviceName }
            }
            $resource = Get-ClusterResource -Name $op.resource -ErrorAction SilentlyContinue
            if (-not $resource) {
                if (-not $PSCmdlet.ShouldProcess("resource '$($op.resource)'", "Add a $type resource to role '$($op.group)'")) {
                    return 'would create'
                }
                $resource = Add-ClusterResource -Name $op.resource -ResourceType $type -Group $op.group
                $outcome = 'created'
            }
            $current = @{}
            foreach ($p in @(Get-ClusterParameter -InputObject $resource -ErrorAction SilentlyContinue)) {
                $current[$p.Name] = "$($p.Value)"
            }
            $drift = @($wanted.Keys | Where-Object -FilterScript { $current[$_] -ne "$($wanted[$_])" })
            if ($drift.Count -gt 0) {
                if ($PSCmdlet.ShouldProcess("resource '$($op.resource)'", "Set $($drift -join ', ')")) {
                    $null = Set-ClusterParameter -InputObject $resource -Multiple $wanted
                    if ($outcome -eq 'unchanged') {
                        $outcome = 'changed'
                    }
                }
                elseif ($outcome -eq 'unchanged') {
                    $outcome = 'would change'
                }
            }
            if ($op.kind -eq 'wsfc.networkName') {
                $dependency = Get-ClusterResourceDependency -Resource $op.resource -ErrorAction SilentlyContinue
                $expression = "[$($op.dependsOn)]"
                if (-not $dependency -or "$($dependency.DependencyExpression)" -ne $expression) {
                    if ($PSCmdlet.ShouldProcess("resource '$($op.resource)'", "Depend on $expression")) {
                        $null = Set-ClusterResourceDependency -Resource $op.resource -Dependency $expression
                    }
                }
            }
        }
    }
    return $outcome
}
