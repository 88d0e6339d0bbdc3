# The shared-disk failover cmdlets: the real Node helper plans every action; the FailoverClusters
# cmdlets (stubs, as on a machine without the feature) are mocked over an in-memory two-node
# cluster that behaves like one: groups with states and owners, resources, dependencies, nodes.
BeforeAll {
    $repo = (Resolve-Path -LiteralPath "$PSScriptRoot/../../../..").ProviderPath
    Import-Module (Join-Path $repo 'test/powershell/Stubs/FailoverClusters.stubs.psm1') -Force
    Import-Module (Join-Path $repo 'ps-module/PgCluster/PgCluster.psd1') -Force
    $PSDefaultParameterValues['Mock:ModuleName'] = 'PgCluster'
    $PSDefaultParameterValues['Should:ModuleName'] = 'PgCluster'
    # The role online on its node, as after Start-ClusterGroup.
    function script:Set-TestRoleOnline {
        $global:pgcCluster.groups['PGSQL'].State = 'Online'
        foreach ($r in $global:pgcCluster.resources.Values) { if ($r.OwnerGroup -eq 'PGSQL') { $r.State = 'Online' } }
    }
    $script:role = @{
        Name = 'PGSQL'; ServiceName = 'inst1'; Disk = @('Cluster Disk 1', 'Cluster Disk 2')
        AccessPointName = 'PGSQLVS'; StaticAddress = '10.0.0.50'; SubnetMask = '255.255.255.0'; Network = 'Cluster Network 1'
    }
    # The dependencies a resource has, one string per AND group ('A' or 'A or B'): what the cluster holds.
    function script:Get-TestDependency([string] $Resource) {
        @($global:pgcCluster.deps[$Resource] | ForEach-Object { @($_) -join ' or ' })
    }
}

AfterAll {
    Remove-Module PgCluster -Force -ErrorAction SilentlyContinue
    Remove-Variable -Name pgcCluster, pgcProbes -Scope Global -ErrorAction SilentlyContinue
}

Describe 'Shared-disk failover cmdlets over an in-memory cluster' {
    BeforeEach {
        # Two nodes, two disks in Available Storage, nothing else yet.
        $global:pgcCluster = @{
            nodes     = [ordered]@{ NODE1 = 'Up'; NODE2 = 'Up' }
            groups    = @{ 'Available Storage' = @{ State = 'Online'; Owner = 'NODE1' } }
            resources = @{
                'Cluster Disk 1' = @{ Name = 'Cluster Disk 1'; OwnerGroup = 'Available Storage'; Type = 'Physical Disk'; State = 'Online'; Params = @{} }
                'Cluster Disk 2' = @{ Name = 'Cluster Disk 2'; OwnerGroup = 'Available Storage'; Type = 'Physical Disk'; State = 'Online'; Params = @{} }
            }
            deps      = @{}
            owners    = @{}
            failStart = $false
        }
        $global:pgcProbes = [System.Collections.Generic.List[object]]::new()
        Mock Get-ClusterNode {
            $names = @($global:pgcCluster.nodes.Keys)
            if ($PesterBoundParameters.ContainsKey('Name')) { $names = @($Name) }
            foreach ($n in $names) { [pscustomobject]@{ Name = $n; State = $global:pgcCluster.nodes[$n] } }
        }
        Mock Stop-ClusterNode {
            $n = [string]$Name
            $global:pgcCluster.nodes[$n] = 'Down'
            # Like the cluster: a role on a node that leaves goes to a node that is up.
            $up = @($global:pgcCluster.nodes.Keys | Where-Object { $global:pgcCluster.nodes[$_] -eq 'Up' })[0]
            foreach ($g in $global:pgcCluster.groups.Values) { if ($g.Owner -eq $n) { $g.Owner = $up } }
        }
        Mock Start-ClusterNode { $global:pgcCluster.nodes[[string]$Name] = 'Up' }
        Mock Get-ClusterGroup {
            $g = $global:pgcCluster.groups[[string]$Name]
            if ($g) { [pscustomobject]@{ Name = [string]$Name; State = $g.State; OwnerNode = $g.Owner } }
        }
        Mock Add-ClusterGroup { $global:pgcCluster.groups[[string]$Name] = @{ State = 'Offline'; Owner = 'NODE1' }; [pscustomobject]@{ Name = [string]$Name } }
        Mock Stop-ClusterGroup {
            $global:pgcCluster.groups[[string]$Name].State = 'Offline'
            foreach ($r in $global:pgcCluster.resources.Values) { if ($r.OwnerGroup -eq [string]$Name) { $r.State = 'Offline' } }
        }
        Mock Start-ClusterGroup {
            $g = $global:pgcCluster.groups[[string]$Name]
            foreach ($r in $global:pgcCluster.resources.Values) {
                if ($r.OwnerGroup -eq [string]$Name) {
                    $r.State = 'Online'
                    if ($global:pgcCluster.failStart -and $r.Type -eq 'Generic Service') { $r.State = 'Failed' }
                }
            }
            $g.State = 'Online'
            if ($global:pgcCluster.failStart) { $g.State = 'PartialOnline' }
            [pscustomobject]@{ Name = [string]$Name; State = $g.State; OwnerNode = $g.Owner }
        }
        Mock Move-ClusterGroup {
            $g = $global:pgcCluster.groups[[string]$Name]
            $target = $Node
            if (-not $PesterBoundParameters.ContainsKey('Node')) { $target = @($global:pgcCluster.nodes.Keys | Where-Object { $_ -ne $g.Owner -and $global:pgcCluster.nodes[$_] -eq 'Up' })[0] }
            $g.Owner = [string]$target
            if ($global:pgcCluster.failStart) {
                $g.State = 'Failed'
                foreach ($r in $global:pgcCluster.resources.Values) { if ($r.OwnerGroup -eq [string]$Name -and $r.Type -eq 'Generic Service') { $r.State = 'Failed' } }
            }
            [pscustomobject]@{ Name = [string]$Name; State = $g.State; OwnerNode = $g.Owner }
        }
        Mock Remove-ClusterGroup {
            if (@($global:pgcCluster.resources.Values | Where-Object { $_.OwnerGroup -eq [string]$Name }).Count) { throw 'The group is not empty.' }
            $global:pgcCluster.groups.Remove([string]$Name)
        }
        Mock Get-ClusterResource {
            $list = @($global:pgcCluster.resources.Values)
            if ($PesterBoundParameters.ContainsKey('Name')) { $list = @($global:pgcCluster.resources[[string]$Name] | Where-Object { $_ }) }
            foreach ($r in $list) { [pscustomobject]@{ Name = $r.Name; OwnerGroup = $r.OwnerGroup; ResourceType = $r.Type; State = $r.State } }
        }
        Mock Move-ClusterResource { $global:pgcCluster.resources[[string]$Name].OwnerGroup = $Group }
        Mock Start-ClusterResource { $global:pgcCluster.resources[[string]$Name].State = 'Online' }
        Mock Add-ClusterResource {
            $global:pgcCluster.resources[[string]$Name] = @{ Name = [string]$Name; OwnerGroup = $Group; Type = $ResourceType; State = 'Offline'; Params = @{} }
            [pscustomobject]@{ Name = [string]$Name; OwnerGroup = $Group }
        }
        Mock Remove-ClusterResource {
            $global:pgcCluster.resources.Remove([string]$Name)
            $global:pgcCluster.deps.Remove([string]$Name)
        }
        Mock Get-ClusterParameter {
            $r = $global:pgcCluster.resources[$InputObject.Name]
            foreach ($k in $r.Params.Keys) { [pscustomobject]@{ Name = $k; Value = $r.Params[$k] } }
        }
        Mock Set-ClusterParameter { foreach ($k in $Multiple.Keys) { $global:pgcCluster.resources[$InputObject.Name].Params[$k] = "$($Multiple[$k])" } }
        # Like the cluster: it keeps the dependencies, not the text it was given, and writes every
        # AND group back in parentheses, "([Cluster Disk 1]) and ([IP 1] or [IP 2])".
        Mock Get-ClusterResourceDependency {
            $d = $global:pgcCluster.deps[[string]$Resource]
            $text = (@($d | ForEach-Object { '(' + ((@($_) | ForEach-Object { "[$_]" }) -join ' or ') + ')' })) -join ' and '
            [pscustomobject]@{ Resource = [string]$Resource; DependencyExpression = $text }
        }
        Mock Set-ClusterResourceDependency {
            $groups = [System.Collections.Generic.List[object]]::new()
            foreach ($part in ($Dependency -split '\s+and\s+(?![^\[]*\])')) {
                $names = @([regex]::Matches($part, '\[([^\]]+)\]') | ForEach-Object { $_.Groups[1].Value })
                if ($names.Count) { $groups.Add($names) }
            }
            $global:pgcCluster.deps[[string]$Resource] = $groups.ToArray()
        }
        # Get-ClusterOwnerNode answers a ClusterOwnerNode: OwnerNodes holds ClusterNode objects.
        Mock Get-ClusterOwnerNode {
            $owners = @($global:pgcCluster.owners[[string]$Group] | Where-Object { $_ })
            [pscustomobject]@{ ClusterObject = [string]$Group; OwnerNodes = @($owners | ForEach-Object { [pscustomobject]@{ Name = $_; State = 'Up' } }) }
        }
        Mock Set-ClusterOwnerNode { $global:pgcCluster.owners[[string]$Group] = @($Owners) }
        # The client connection through the access point (pgcluster probe) is tested on real
        # PostgreSQL by the Node tests; here it records what it was asked and where the role was.
        Mock Invoke-PgNodeTool -ParameterFilter { $ArgumentList[0] -eq 'probe' } {
            $global:pgcProbes.Add(@{ Arguments = $ArgumentList; Environment = $Environment; Owner = $global:pgcCluster.groups['PGSQL'].Owner })
            [pscustomobject]@{ ok = $true; seconds = 1.5; codes = @('57P01') }
        }
    }

    Describe 'New-PgClusterRole' {
        It 'creates the role in the manual order, with the service depending on the disks and the access point' {
            $steps = @(New-PgClusterRole @role -Confirm:$false)
            $steps.Kind | Should -Be @('wsfc.group', 'wsfc.disk', 'wsfc.disk', 'wsfc.ipAddress', 'wsfc.networkName', 'wsfc.dependency', 'wsfc.genericService', 'wsfc.dependency')
            $steps.Outcome | Should -Be @('created', 'changed', 'changed', 'created', 'created', 'changed', 'created', 'changed')
            $global:pgcCluster.resources['Cluster Disk 2'].OwnerGroup | Should -Be 'PGSQL'
            $global:pgcCluster.resources['PGSQL IP Address'].Params.Address | Should -Be '10.0.0.50'
            $global:pgcCluster.resources['PGSQL IP Address'].Params.EnableDhcp | Should -Be '0'
            $global:pgcCluster.resources['PGSQL PostgreSQL'].Type | Should -Be 'Generic Service'
            $global:pgcCluster.resources['PGSQL PostgreSQL'].Params.ServiceName | Should -Be 'inst1'
            Should -Invoke Set-ClusterResourceDependency -ParameterFilter { $Resource -eq 'PGSQL PostgreSQL' -and $Dependency -eq '[Cluster Disk 1] and [Cluster Disk 2] and [PGSQL Network Name]' } -Times 1 -Exactly
            (Get-TestDependency 'PGSQL Network Name') | Should -Be @('PGSQL IP Address')
            (Get-TestDependency 'PGSQL PostgreSQL') | Should -Be @('Cluster Disk 1', 'Cluster Disk 2', 'PGSQL Network Name')
        }

        It 'changes nothing when run again, and only the drift after a change by hand' {
            $null = New-PgClusterRole @role -Confirm:$false
            $again = @(New-PgClusterRole @role -Confirm:$false)
            @($again.Outcome | Sort-Object -Unique) | Should -Be @('unchanged')
            $global:pgcCluster.resources['PGSQL PostgreSQL'].Params.ServiceName = 'other'
            $fixed = @(New-PgClusterRole @role -Confirm:$false)
            ($fixed | Where-Object Outcome -NE 'unchanged').Kind | Should -Be 'wsfc.genericService'
            $global:pgcCluster.resources['PGSQL PostgreSQL'].Params.ServiceName | Should -Be 'inst1'
        }

        It 'repairs a dependency of the network name removed by hand' {
            $null = New-PgClusterRole @role -Confirm:$false
            $global:pgcCluster.deps.Remove('PGSQL Network Name')
            $fixed = @(New-PgClusterRole @role -Confirm:$false)
            ($fixed | Where-Object Outcome -NE 'unchanged').Target | Should -Be 'PGSQL Network Name'
            (Get-TestDependency 'PGSQL Network Name') | Should -Be @('PGSQL IP Address')
        }

        It 'compares dependencies as sets: the cluster reordering them is no drift, a missing or OR-ed one is' {
            $null = New-PgClusterRole @role -Confirm:$false
            $global:pgcCluster.deps['PGSQL PostgreSQL'] = @(, @('PGSQL Network Name'); , @('Cluster Disk 2'); , @('Cluster Disk 1'))
            Test-PgClusterRole @role | Should -BeTrue -Because 'the same three AND groups, in another order'
            $global:pgcCluster.deps['PGSQL PostgreSQL'] = @(, @('Cluster Disk 1', 'Cluster Disk 2'); , @('PGSQL Network Name'))
            $diff = @(Test-PgClusterRole @role -Detailed | Where-Object Outcome -NE 'unchanged')
            $diff.Target | Should -Be 'PGSQL PostgreSQL' -Because 'disk 1 OR disk 2 is not disk 1 AND disk 2'
            $null = New-PgClusterRole @role -Confirm:$false
            (Get-TestDependency 'PGSQL PostgreSQL').Count | Should -Be 3
        }

        It 'creates a role without a client access point, and tests and removes it' {
            $bare = @{ Name = 'PGSQL'; ServiceName = 'inst1'; Disk = @('Cluster Disk 1') }
            $steps = @(New-PgClusterRole @bare -Confirm:$false)
            $steps.Kind | Should -Be @('wsfc.group', 'wsfc.disk', 'wsfc.genericService', 'wsfc.dependency')
            @($global:pgcCluster.resources.Values | Where-Object { $_.Type -in 'IP Address', 'Network Name' }).Count | Should -Be 0
            (Get-TestDependency 'PGSQL PostgreSQL') | Should -Be @('Cluster Disk 1')
            Test-PgClusterRole @bare | Should -BeTrue
            (Get-PgClusterRole -Name PGSQL).AccessPoint | Should -BeNullOrEmpty
            $null = Remove-PgClusterRole -Name PGSQL -Confirm:$false
            $global:pgcCluster.groups.ContainsKey('PGSQL') | Should -BeFalse
            $global:pgcCluster.resources['Cluster Disk 1'].OwnerGroup | Should -Be 'Available Storage'
        }

        It 'creates a multi-subnet access point: IPv4 and IPv6 addresses, the name online on either' {
            $multi = $role.Clone()
            $multi.Remove('SubnetMask')
            $multi.StaticAddress = @('10.0.0.50/24', '2001:db8::50/64')
            $multi.Network = @('Site A', 'Site B')
            $null = New-PgClusterRole @multi -Confirm:$false
            $global:pgcCluster.resources['PGSQL IP Address 1'].Params.SubnetMask | Should -Be '255.255.255.0'
            $global:pgcCluster.resources['PGSQL IP Address 2'].Type | Should -Be 'IPv6 Address'
            $global:pgcCluster.resources['PGSQL IP Address 2'].Params.PrefixLength | Should -Be '64'
            Should -Invoke Set-ClusterResourceDependency -ParameterFilter { $Dependency -eq '([PGSQL IP Address 1] or [PGSQL IP Address 2])' } -Times 1 -Exactly
            (Get-TestDependency 'PGSQL Network Name') | Should -Be 'PGSQL IP Address 1 or PGSQL IP Address 2'
            @((New-PgClusterRole @multi -Confirm:$false).Outcome | Sort-Object -Unique) | Should -Be @('unchanged')
        }

        It 'leases the address from DHCP' {
            $dhcp = $role.Clone()
            'StaticAddress', 'SubnetMask' | ForEach-Object { $dhcp.Remove($_) }
            $null = New-PgClusterRole @dhcp -Dhcp -Confirm:$false
            $global:pgcCluster.resources['PGSQL IP Address'].Params.EnableDhcp | Should -Be '1'
            $global:pgcCluster.resources['PGSQL IP Address'].Params.ContainsKey('Address') | Should -BeFalse
            Test-PgClusterRole @dhcp -Dhcp | Should -BeTrue
        }

        It 'sets the preferred owners in order, and says unchanged the second time' {
            $steps = @(New-PgClusterRole @role -PreferredOwner NODE2, NODE1 -Confirm:$false)
            ($steps | Where-Object Kind -EQ 'wsfc.ownerNodes').Outcome | Should -Be 'changed'
            $global:pgcCluster.owners['PGSQL'] | Should -Be @('NODE2', 'NODE1')
            $again = @(New-PgClusterRole @role -PreferredOwner NODE2, NODE1 -Confirm:$false)
            ($again | Where-Object Kind -EQ 'wsfc.ownerNodes').Outcome | Should -Be 'unchanged'
            Test-PgClusterRole @role -PreferredOwner NODE1, NODE2 | Should -BeFalse -Because 'the order is the preference'
            Should -Invoke Set-ClusterOwnerNode -Times 1 -Exactly
        }

        It 'refuses bad access point input before touching the cluster, saying what to do' {
            $noMask = $role.Clone()
            $noMask.Remove('SubnetMask')
            { New-PgClusterRole @noMask -Confirm:$false } | Should -Throw '*subnet mask is missing; give -SubnetMask*'
            { New-PgClusterRole @role -Dhcp -Confirm:$false } | Should -Throw '*DHCP together with static addresses*'
            { New-PgClusterRole @role -StaticAddress '2001:db8::50' -Confirm:$false } | Should -Throw '*needs its prefix length*'
            Should -Invoke Add-ClusterGroup -Times 0 -Exactly
        }

        It '-WhatIf changes nothing' {
            $steps = @(New-PgClusterRole @role -WhatIf)
            Should -Invoke Add-ClusterGroup -Times 0 -Exactly
            Should -Invoke Add-ClusterResource -Times 0 -Exactly
            Should -Invoke Move-ClusterResource -Times 0 -Exactly
            $steps[0].Outcome | Should -Be 'would create'
        }

        It 'names a disk the cluster does not have, and a bad address before touching the cluster' {
            { New-PgClusterRole @role -Disk 'Cluster Disk 9' -Confirm:$false } | Should -Throw -ErrorId 'PgCluster.ClusterDiskNotFound*'
            $bad = $role.Clone()
            $bad.StaticAddress = '10.0.0.500'
            { New-PgClusterRole @bad -Confirm:$false } | Should -Throw -ErrorId 'PgCluster.ROLE_INVALID*'
            Should -Invoke Add-ClusterGroup -Times 1 -Exactly -Because 'only the first call got as far as the role'
        }
    }

    Describe 'Get-PgClusterRole and Test-PgClusterRole' {
        It 'Test- is false before, true after New-, false with the drift named after a change by hand, and changes nothing' {
            Test-PgClusterRole @role | Should -BeFalse
            $null = New-PgClusterRole @role -Confirm:$false
            Test-PgClusterRole @role | Should -BeTrue
            $global:pgcCluster.resources['PGSQL PostgreSQL'].Params.ServiceName = 'other'
            $global:pgcCluster.resources['Cluster Disk 2'].OwnerGroup = 'Available Storage'
            Test-PgClusterRole @role | Should -BeFalse
            $diff = @(Test-PgClusterRole @role -Detailed | Where-Object Outcome -NE 'unchanged')
            $diff.Target | Should -Be @('Cluster Disk 2', 'PGSQL PostgreSQL')
            $diff[1].Detail | Should -Be "ServiceName was 'other'"
            Should -Invoke Set-ClusterParameter -Times 3 -Exactly -Because 'only New-PgClusterRole set parameters'
            Should -Invoke Move-ClusterResource -Times 2 -Exactly
        }

        It '-Port adds the SQL check: SELECT 1 through the access point, or the owner node without one; a failure is $false' {
            $null = New-PgClusterRole @role -Confirm:$false
            $cred = [pscredential]::new('monitor', (ConvertTo-SecureString 'pw' -AsPlainText -Force))
            Test-PgClusterRole @role -Port 5432 -Credential $cred | Should -BeTrue
            $global:pgcProbes[0].Arguments | Should -Be @('probe', '--host', 'PGSQLVS:5432', '--timeout', '10')
            $global:pgcProbes[0].Environment.PGUSER | Should -Be 'monitor'
            $bare = @{ Name = 'PGSQL'; ServiceName = 'inst1'; Disk = @('Cluster Disk 1', 'Cluster Disk 2') }
            $null = Test-PgClusterRole @bare -Port 5432
            $global:pgcProbes[1].Arguments[2] | Should -Be 'NODE1:5432'
            Mock Invoke-PgNodeTool -ParameterFilter { $ArgumentList[0] -eq 'probe' } { throw 'probe: no answer from PGSQLVS:5432 within 10 s' }
            Test-PgClusterRole @role -Port 5432 | Should -BeFalse -Because 'the service runs but PostgreSQL does not answer'
            $sql = @(Test-PgClusterRole @role -Port 5432 -Detailed)[-1]
            $sql.Outcome | Should -Be 'failed'
            $sql.Detail | Should -Match 'no answer from PGSQLVS:5432'
        }

        It 'Get- shows the role, its service, access point, resources and dependencies' {
            $null = New-PgClusterRole @role -Confirm:$false
            $r = Get-PgClusterRole -Name PGSQL
            $r.PSObject.TypeNames[0] | Should -Be 'PgCluster.ClusterRole'
            $r.OwnerNode | Should -Be 'NODE1'
            $r.ServiceName | Should -Be 'inst1'
            $r.AccessPoint | Should -Be 'PGSQLVS'
            @($r.Resources).Count | Should -Be 5
            ($r.Resources | Where-Object Type -EQ 'Generic Service').DependsOn | Should -Be @('Cluster Disk 1', 'Cluster Disk 2', 'PGSQL Network Name')
            @($r.Nodes).Count | Should -Be 2
            (@(Get-PgClusterRole)).Name | Should -Be @('PGSQL') -Because 'without -Name: the roles holding a Generic Service'
        }

        It 'Get- reports a missing role as a non-terminating error' {
            $out = Get-PgClusterRole -Name NOPE -ErrorVariable problems -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'PgCluster.ClusterRoleNotFound*'
        }
    }

    Describe 'Remove-PgClusterRole' {
        BeforeEach {
            $null = New-PgClusterRole @role -Confirm:$false
            Set-TestRoleOnline
        }

        It 'stops the role, removes its resources dependents first, gives the disks back, removes the role' {
            $steps = @(Remove-PgClusterRole -Name PGSQL -Force)
            $steps.Target | Should -Be @('PGSQL', 'PGSQL PostgreSQL', 'PGSQL Network Name', 'PGSQL IP Address', 'Cluster Disk 1', 'Cluster Disk 2', 'PGSQL')
            $steps.Outcome | Should -Be @('stopped', 'removed', 'removed', 'removed', 'changed', 'changed', 'removed')
            $global:pgcCluster.groups.ContainsKey('PGSQL') | Should -BeFalse
            $global:pgcCluster.resources.Keys | Sort-Object | Should -Be @('Cluster Disk 1', 'Cluster Disk 2')
            $global:pgcCluster.resources['Cluster Disk 1'].OwnerGroup | Should -Be 'Available Storage'
        }

        It 'has nothing to do the second time, and -WhatIf changes nothing' {
            $null = Remove-PgClusterRole -Name PGSQL -WhatIf
            $global:pgcCluster.groups['PGSQL'].State | Should -Be 'Online'
            Should -Invoke Remove-ClusterResource -Times 0 -Exactly
            $null = Remove-PgClusterRole -Name PGSQL -Force
            @(Remove-PgClusterRole -Name PGSQL -Force) | Should -BeNullOrEmpty
        }

        It 'finishes a role that was half removed' {
            $global:pgcCluster.resources.Remove('PGSQL PostgreSQL')
            $steps = @(Remove-PgClusterRole -Name PGSQL -Force)
            $steps.Target | Should -Not -Contain 'PGSQL PostgreSQL'
            $global:pgcCluster.groups.ContainsKey('PGSQL') | Should -BeFalse
        }
    }

    Describe 'Move-PgClusterRole' {
        BeforeEach {
            $null = New-PgClusterRole @role -Confirm:$false
            Set-TestRoleOnline
        }

        It 'switches to the other node, and leaves a role on the node named alone' {
            (Move-PgClusterRole -Name PGSQL -Force).Detail | Should -Be 'NODE1 -> NODE2'
            $global:pgcCluster.groups['PGSQL'].Owner | Should -Be 'NODE2'
            (Move-PgClusterRole -Name PGSQL -Node NODE2 -Force).Outcome | Should -Be 'unchanged'
            Should -Invoke Move-ClusterGroup -Times 1 -Exactly
        }

        It 'refuses a node that is down, before moving anything' {
            $global:pgcCluster.nodes['NODE2'] = 'Down'
            { Move-PgClusterRole -Name PGSQL -Node NODE2 -Force } | Should -Throw -ErrorId 'PgCluster.NODE_NOT_UP*'
            { Move-PgClusterRole -Name NOPE -Force } | Should -Throw -ErrorId 'PgCluster.ROLE_NOT_FOUND*'
            Should -Invoke Move-ClusterGroup -Times 0 -Exactly
        }

        It 'fails, naming the resource, when the role does not come online on the other node' {
            $global:pgcCluster.failStart = $true
            { Move-PgClusterRole -Name PGSQL -Force } | Should -Throw '*Not online: PGSQL PostgreSQL (Failed)*'
        }
    }

    Describe 'Start-/Stop-PgClusterMaintenance' {
        BeforeEach {
            $null = New-PgClusterRole @role -Confirm:$false
            Set-TestRoleOnline
        }

        It 'BothNodes: stops PostgreSQL and the other node, brings the disks online, prints the next step; and back' {
            $steps = @(Start-PgClusterMaintenance -Name PGSQL -Mode BothNodes -DiskAccess -Force)
            $steps.Outcome | Should -Be @('stopped', 'stopped', 'started', 'started', 'to do')
            $steps[-1].Detail | Should -BeLike '*Stop-PgClusterMaintenance -Name PGSQL -Mode BothNodes*'
            $global:pgcCluster.groups['PGSQL'].State | Should -Be 'Offline'
            $global:pgcCluster.nodes['NODE2'] | Should -Be 'Down'
            $global:pgcCluster.resources['Cluster Disk 1'].State | Should -Be 'Online'
            $global:pgcCluster.resources['PGSQL PostgreSQL'].State | Should -Be 'Offline'
            @(Start-PgClusterMaintenance -Name PGSQL -Mode BothNodes -DiskAccess -Force | Where-Object Outcome -NotIn 'unchanged', 'to do') |
                Should -BeNullOrEmpty -Because 'a second run changes nothing'
            $back = @(Stop-PgClusterMaintenance -Name PGSQL -Mode BothNodes -Force)
            $back.Outcome | Should -Be @('started', 'started', 'to do')
            $global:pgcCluster.groups['PGSQL'].State | Should -Be 'Online'
            $global:pgcCluster.nodes['NODE2'] | Should -Be 'Up'
        }

        It 'StandbyNode: takes the standby out while the role keeps running, brings it back and switches to it' {
            $steps = @(Start-PgClusterMaintenance -Name PGSQL -Mode StandbyNode -Force)
            $steps[0].Target | Should -Be 'NODE2'
            $global:pgcCluster.nodes['NODE2'] | Should -Be 'Down'
            $global:pgcCluster.groups['PGSQL'].State | Should -Be 'Online'
            Should -Invoke Stop-ClusterGroup -Times 0 -Exactly
            $back = @(Stop-PgClusterMaintenance -Name PGSQL -Mode StandbyNode -SwitchRole -Force)
            $back.Outcome | Should -Be @('started', 'moved', 'to do')
            $global:pgcCluster.groups['PGSQL'].Owner | Should -Be 'NODE2'
            $back[-1].Detail | Should -BeLike '*Start-PgClusterMaintenance -Name PGSQL -Mode StandbyNode -Node NODE1*'
            (Start-PgClusterMaintenance -Name PGSQL -Mode StandbyNode -Node NODE1 -Force)[0].Outcome | Should -Be 'stopped'
            $global:pgcCluster.nodes['NODE1'] | Should -Be 'Down'
        }

        It 'refuses to stop the node that runs the role, and -WhatIf changes nothing' {
            { Start-PgClusterMaintenance -Name PGSQL -Mode StandbyNode -Node NODE1 -Force } | Should -Throw -ErrorId 'PgCluster.NODE_IS_ACTIVE*'
            $null = Start-PgClusterMaintenance -Name PGSQL -Mode BothNodes -WhatIf
            Should -Invoke Stop-ClusterNode -Times 0 -Exactly
            Should -Invoke Stop-ClusterGroup -Times 0 -Exactly
        }
    }

    Describe 'Test-PgClusterFailover' {
        BeforeEach {
            $null = New-PgClusterRole @role -Confirm:$false
        }

        It 'starts the role, connects, moves it over and back with a connection on each node' {
            $cred = [pscredential]::new('postgres', (ConvertTo-SecureString 'Secret-1' -AsPlainText -Force))
            $steps = @(Test-PgClusterFailover -Name PGSQL -Port 26500 -Credential $cred -Force)
            $steps.Kind | Should -Be @('wsfc.groupStart', 'wsfc.probe', 'wsfc.groupMove', 'wsfc.probe', 'wsfc.groupMove', 'wsfc.probe')
            $steps.Outcome | Should -Be @('started', 'connected', 'moved', 'connected', 'moved', 'connected')
            $steps[1].Detail | Should -Be 'connected to PGSQLVS:26500 in 1.5 s (after 57P01)'
            $global:pgcProbes.Owner | Should -Be @('NODE1', 'NODE2', 'NODE1')
            $global:pgcProbes[0].Arguments | Should -Contain 'PGSQLVS:26500'
            $global:pgcProbes[0].Environment.PGPASSWORD | Should -Be 'Secret-1'
            $global:pgcProbes[0].Environment.PGUSER | Should -Be 'postgres'
            $global:pgcCluster.groups['PGSQL'].Owner | Should -Be 'NODE1'
        }

        It '-Stay leaves it on the other node; -WhatIf neither moves nor connects' {
            $null = Test-PgClusterFailover -Name PGSQL -Port 26500 -HostName 10.0.0.50 -WhatIf
            Should -Invoke Move-ClusterGroup -Times 0 -Exactly
            $global:pgcProbes.Count | Should -Be 0
            $null = Test-PgClusterFailover -Name PGSQL -Port 26500 -HostName 10.0.0.50 -Stay -Force
            $global:pgcCluster.groups['PGSQL'].Owner | Should -Be 'NODE2'
            $global:pgcProbes[0].Arguments | Should -Contain '10.0.0.50:26500'
        }

        It 'stops at the first connection that fails' {
            Mock Invoke-PgNodeTool -ParameterFilter { $ArgumentList[0] -eq 'probe' } {
                throw 'no connection to PGSQLVS:26500 within 120 s'
            }
            { Test-PgClusterFailover -Name PGSQL -Port 26500 -Force } | Should -Throw '*no connection to PGSQLVS:26500*'
            Should -Invoke Move-ClusterGroup -Times 0 -Exactly
        }
    }

    Describe 'Export-PgMscsScript' {
        It 'writes the cluster.exe script of the role (and nothing under -WhatIf)' {
            $path = Join-Path $TestDrive 'pgsql-role.cmd'
            $null = Export-PgMscsScript @role -Path $path -WhatIf
            Test-Path -LiteralPath $path | Should -BeFalse
            $file = Export-PgMscsScript @role -Path $path -Cluster PGCLUS -Confirm:$false
            $file.FullName | Should -Be $path
            $text = Get-Content -LiteralPath $path -Raw
            $text | Should -Match 'cluster /cluster:"PGCLUS" group "PGSQL" /status >nul 2>&1\r\nif errorlevel 1 cluster /cluster:"PGCLUS" group "PGSQL" /create\r\nif errorlevel 1 goto :failed'
            $text | Should -Match 'resource "PGSQL PostgreSQL" /priv ServiceName="inst1"'
        }
    }
}
