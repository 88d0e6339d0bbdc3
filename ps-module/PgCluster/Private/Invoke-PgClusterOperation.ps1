function Invoke-PgClusterOperation {
    <#
    .SYNOPSIS
        Carries out one operation of a cluster plan (src/wsfc/operations.ts) with the
        FailoverClusters cmdlets: each is tested first and changed only when it differs.
        Returns the outcome and what it saw, as @{ Outcome; Detail }. -TestOnly changes nothing
        and asks nothing: it reports what would change (Test-PgClusterRole).
    #>
    [CmdletBinding(SupportsShouldProcess = $true)]
    [OutputType([hashtable])]
    param (
        [Parameter(Mandatory = $true)]
        [pscustomobject]
        $Operation,

        [Parameter()]
        [switch]
        $TestOnly,

        [Parameter()]
        [hashtable]
        $ProbeEnvironment = @{},

        [Parameter()]
        [int]
        $ProbeTimeoutSeconds = 120
    )

    $op = $Operation
    $mayChange = -not $TestOnly
    $outcome = 'unchanged'
    $detail = $null
    switch ($op.kind) {
        'wsfc.group' {
            if (-not (Get-ClusterGroup -Name $op.group -ErrorAction SilentlyContinue)) {
                $outcome = 'would create'
                if ($mayChange -and $PSCmdlet.ShouldProcess("role '$($op.group)'", 'Create the empty role')) {
                    $null = Add-ClusterGroup -Name $op.group
                    $outcome = 'created'
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
                $detail = "in '$($disk.OwnerGroup)'"
                $outcome = 'would change'
                if ($mayChange -and $PSCmdlet.ShouldProcess("disk '$($op.disk)'", "Move it into role '$($op.group)'")) {
                    $null = Move-ClusterResource -Name $op.disk -Group $op.group
                    $outcome = 'changed'
                }
            }
        }
        'wsfc.dependency' {
            $outcome = Set-PgClusterDependency -Resource $op.resource -DependsOn @($op.dependsOn) -TestOnly:$TestOnly
        }
        'wsfc.ownerNodes' {
            # Preferred owners are an ordered list: the first is where the role goes first.
            $now = @((Get-ClusterOwnerNode -Group $op.group).OwnerNodes | ForEach-Object -Process { "$($_.Name)" })
            if (($now -join ',').ToLowerInvariant() -ne (@($op.nodes) -join ',').ToLowerInvariant()) {
                $detail = "was '$($now -join ', ')'"
                $outcome = 'would change'
                if ($mayChange -and $PSCmdlet.ShouldProcess("role '$($op.group)'", "Prefer the nodes $(@($op.nodes) -join ', ')")) {
                    $null = Set-ClusterOwnerNode -Group $op.group -Owners @($op.nodes)
                    $outcome = 'changed'
                }
            }
        }
        { $_ -in 'wsfc.ipAddress', 'wsfc.networkName', 'wsfc.genericService' } {
            # Strict mode: read only the properties this kind has.
            if ($op.kind -eq 'wsfc.ipAddress') {
                $type = $op.resourceType
                $wanted = @{}
                foreach ($p in $op.parameters.PSObject.Properties) {
                    $wanted[$p.Name] = $p.Value
                }
            }
            elseif ($op.kind -eq 'wsfc.networkName') {
                $type = 'Network Name'
                $wanted = @{ Name = $op.dnsName; DnsName = $op.dnsName }
            }
            else {
                $type = 'Generic Service'
                $wanted = @{ ServiceName = $op.serviceName }
            }
            $resource = Get-ClusterResource -Name $op.resource -ErrorAction SilentlyContinue
            if (-not $resource) {
                if (-not ($mayChange -and $PSCmdlet.ShouldProcess("resource '$($op.resource)'", "Add a $type resource to role '$($op.group)'"))) {
                    return @{ Outcome = 'would create'; Detail = 'missing' }
                }
                $resource = Add-ClusterResource -Name $op.resource -ResourceType $type -Group $op.group
                $outcome = 'created'
            }
            $current = @{}
            foreach ($p in @(Get-ClusterParameter -InputObject $resource -ErrorAction SilentlyContinue)) {
                $current[$p.Name] = "$($p.Value)"
            }
            $drift = @($wanted.Keys | Sort-Object | Where-Object -FilterScript { $current[$_] -ne "$($wanted[$_])" })
            if ($drift.Count -gt 0) {
                $detail = ($drift | ForEach-Object -Process { "$_ was '$($current[$_])'" }) -join ', '
                if ($mayChange -and $PSCmdlet.ShouldProcess("resource '$($op.resource)'", "Set $($drift -join ', ')")) {
                    $null = Set-ClusterParameter -InputObject $resource -Multiple $wanted
                    if ($outcome -eq 'unchanged') {
                        $outcome = 'changed'
                    }
                }
                elseif ($outcome -eq 'unchanged') {
                    $outcome = 'would change'
                }
            }
        }
        'wsfc.groupStop' {
            $group = Get-ClusterGroup -Name $op.group -ErrorAction SilentlyContinue
            if ($group -and "$($group.State)" -ne 'Offline') {
                $detail = "was $($group.State)"
                $outcome = 'would stop'
                if ($mayChange -and $PSCmdlet.ShouldProcess("role '$($op.group)'", 'Take the role offline (PostgreSQL stops)')) {
                    $null = Stop-ClusterGroup -Name $op.group
                    $outcome = 'stopped'
                }
            }
        }
        'wsfc.groupStart' {
            $group = Get-ClusterGroup -Name $op.group
            if ("$($group.State)" -ne 'Online') {
                $detail = "was $($group.State)"
                $outcome = 'would start'
                if ($mayChange -and $PSCmdlet.ShouldProcess("role '$($op.group)'", 'Bring the role online')) {
                    $group = Start-ClusterGroup -Name $op.group
                    Assert-PgClusterGroupOnline -Group $group -Name $op.group
                    $outcome = 'started'
                }
            }
        }
        'wsfc.groupMove' {
            $group = Get-ClusterGroup -Name $op.group
            $from = "$($group.OwnerNode)"
            $detail = "on $from"
            if ($null -eq $op.node -or $from -ne $op.node) {
                $to = 'the best possible node'
                if ($null -ne $op.node) {
                    $to = $op.node
                }
                $outcome = 'would move'
                if ($mayChange -and $PSCmdlet.ShouldProcess("role '$($op.group)' on $from", "Move it to $to")) {
                    $wasOnline = "$($group.State)" -eq 'Online'
                    if ($null -ne $op.node) {
                        $group = Move-ClusterGroup -Name $op.group -Node $op.node
                    }
                    else {
                        $group = Move-ClusterGroup -Name $op.group
                    }
                    if ($wasOnline) {
                        Assert-PgClusterGroupOnline -Group $group -Name $op.group
                    }
                    $detail = "$from -> $($group.OwnerNode)"
                    $outcome = 'moved'
                }
            }
        }
        'wsfc.resourceRemove' {
            if (Get-ClusterResource -Name $op.resource -ErrorAction SilentlyContinue) {
                $outcome = 'would remove'
                if ($mayChange -and $PSCmdlet.ShouldProcess("resource '$($op.resource)'", "Remove it from the cluster")) {
                    $null = Remove-ClusterResource -Name $op.resource -Force
                    $outcome = 'removed'
                }
            }
        }
        'wsfc.diskRelease' {
            $disk = Get-ClusterResource -Name $op.disk -ErrorAction SilentlyContinue
            if ($disk -and "$($disk.OwnerGroup)" -eq $op.group) {
                $outcome = 'would change'
                if ($mayChange -and $PSCmdlet.ShouldProcess("disk '$($op.disk)'", "Give it back to '$($op.toGroup)' (its data is kept)")) {
                    $null = Move-ClusterResource -Name $op.disk -Group $op.toGroup
                    $outcome = 'changed'
                }
            }
        }
        'wsfc.groupRemove' {
            if (Get-ClusterGroup -Name $op.group -ErrorAction SilentlyContinue) {
                $outcome = 'would remove'
                if ($mayChange -and $PSCmdlet.ShouldProcess("role '$($op.group)'", 'Remove the empty role')) {
                    $null = Remove-ClusterGroup -Name $op.group -Force
                    $outcome = 'removed'
                }
            }
        }
        'wsfc.resourceStart' {
            $resource = Get-ClusterResource -Name $op.resource
            if ("$($resource.State)" -ne 'Online') {
                $detail = "was $($resource.State)"
                $outcome = 'would start'
                if ($mayChange -and $PSCmdlet.ShouldProcess("resource '$($op.resource)'", 'Bring it online')) {
                    $null = Start-ClusterResource -Name $op.resource
                    $outcome = 'started'
                }
            }
        }
        'wsfc.nodeStop' {
            $node = Get-ClusterNode -Name $op.node
            if ("$($node.State)" -ne 'Down') {
                $detail = "was $($node.State)"
                $outcome = 'would stop'
                if ($mayChange -and $PSCmdlet.ShouldProcess("node '$($op.node)'", 'Stop its Cluster service')) {
                    $null = Stop-ClusterNode -Name $op.node
                    $outcome = 'stopped'
                }
            }
        }
        'wsfc.nodeStart' {
            $node = Get-ClusterNode -Name $op.node
            if ("$($node.State)" -eq 'Down') {
                $detail = 'was Down'
                $outcome = 'would start'
                if ($mayChange -and $PSCmdlet.ShouldProcess("node '$($op.node)'", 'Start its Cluster service')) {
                    $null = Start-ClusterNode -Name $op.node
                    $outcome = 'started'
                }
            }
        }
        'wsfc.probe' {
            $target = "$($op.host):$($op.port)"
            $outcome = 'would check'
            if (-not $mayChange -or $WhatIfPreference) {
                break
            }
            if ($null -ne $op.expectNode) {
                $owner = "$((Get-ClusterGroup -Name $op.group).OwnerNode)"
                if ($owner -ne $op.expectNode) {
                    throw (New-PgErrorRecord -ErrorId 'RoleOnOtherNode' -TargetObject $op.group `
                            -Message "Role '$($op.group)' runs on $owner, not on $($op.expectNode) as this check expects." `
                            -Hint 'Something else moved the role (a failure, another administrator): look at Get-ClusterLog and the Event Log, then run the check again.')
                }
            }
            $answer = Invoke-PgNodeTool -Tool pgcluster -Environment $ProbeEnvironment `
                -ArgumentList @('probe', '--host', $target, '--timeout', "$ProbeTimeoutSeconds")
            $detail = "connected to $target in $($answer.seconds) s"
            if (@($answer.codes).Count -gt 0) {
                $detail += " (after $(@($answer.codes) -join ', '))"
            }
            $outcome = 'connected'
        }
        'wsfc.manual' {
            $outcome = 'to do'
            $detail = $op.text
        }
        default {
            throw (New-PgErrorRecord -ErrorId 'UnknownOperation' -TargetObject $op `
                    -Message "The cluster plan holds an operation of unknown kind '$($op.kind)'." `
                    -Hint 'The PgCluster module and its Node helper come from different versions: reinstall PgCluster.')
        }
    }
    return @{ Outcome = $outcome; Detail = $detail }
}
