# New-PgClusterRole and Export-PgMscsScript: the real Node helper plans the role; the
# FailoverClusters cmdlets (stubs, as on a machine without the feature) are mocked over an
# in-memory cluster.
BeforeAll {
    $repo = (Resolve-Path -LiteralPath "$PSScriptRoot/../../../..").ProviderPath
    Import-Module (Join-Path $repo 'test/powershell/Stubs/FailoverClusters.stubs.psm1') -Force
    Import-Module (Join-Path $repo 'ps-module/PgCluster/PgCluster.psd1') -Force
    $PSDefaultParameterValues['Mock:ModuleName'] = 'PgCluster'
    $PSDefaultParameterValues['Should:ModuleName'] = 'PgCluster'
    $script:role = @{
        Name = 'PGSQL'; ServiceName = 'inst1'; Disk = @('Cluster Disk 1', 'Cluster Disk 2')
        AccessPointName = 'PGSQLVS'; StaticAddress = '10.0.0.50'; Network = 'Cluster Network 1'
    }
}

AfterAll {
    Remove-Module PgCluster -Force -ErrorAction SilentlyContinue
    Remove-Variable -Name pgcCluster -Scope Global -ErrorAction SilentlyContinue
}

Describe 'New-PgClusterRole' {
    BeforeEach {
        # The cluster: two available disks in "Available Storage", nothing else yet.
        $global:pgcCluster = @{
            groups    = @{}
            resources = @{
                'Cluster Disk 1' = @{ Name = 'Cluster Disk 1'; OwnerGroup = 'Available Storage'; Params = @{} }
                'Cluster Disk 2' = @{ Name = 'Cluster Disk 2'; OwnerGroup = 'Available Storage'; Params = @{} }
            }
            deps      = @{}
        }
        Mock Get-ClusterGroup { if ($global:pgcCluster.groups.ContainsKey([string]$Name)) { [pscustomobject]@{ Name = [string]$Name } } }
        Mock Add-ClusterGroup { $global:pgcCluster.groups[[string]$Name] = $true; [pscustomobject]@{ Name = [string]$Name } }
        Mock Get-ClusterResource {
            $r = $global:pgcCluster.resources[[string]$Name]
            if ($r) { [pscustomobject]@{ Name = $r.Name; OwnerGroup = $r.OwnerGroup } }
        }
        Mock Move-ClusterResource { $global:pgcCluster.resources[[string]$Name].OwnerGroup = $Group }
        Mock Add-ClusterResource {
            $global:pgcCluster.resources[[string]$Name] = @{ Name = [string]$Name; OwnerGroup = $Group; Type = $ResourceType; Params = @{} }
            [pscustomobject]@{ Name = [string]$Name; OwnerGroup = $Group }
        }
        Mock Get-ClusterParameter {
            $r = $global:pgcCluster.resources[$InputObject.Name]
            foreach ($k in $r.Params.Keys) { [pscustomobject]@{ Name = $k; Value = $r.Params[$k] } }
        }
        Mock Set-ClusterParameter { foreach ($k in $Multiple.Keys) { $global:pgcCluster.resources[$InputObject.Name].Params[$k] = "$($Multiple[$k])" } }
        Mock Get-ClusterResourceDependency {
            $d = $global:pgcCluster.deps[[string]$Resource]
            if ($d) { [pscustomobject]@{ Resource = [string]$Resource; DependencyExpression = $d } }
        }
        Mock Set-ClusterResourceDependency { $global:pgcCluster.deps[[string]$Resource] = $Dependency }
    }

    It 'creates the role in the manual order, with the service depending on the disks and the access point' {
        $steps = @(New-PgClusterRole @role -Confirm:$false)
        $steps.Kind | Should -Be @('wsfc.group', 'wsfc.disk', 'wsfc.disk', 'wsfc.ipAddress', 'wsfc.networkName', 'wsfc.genericService', 'wsfc.dependency')
        $steps.Outcome | Should -Be @('created', 'changed', 'changed', 'created', 'created', 'created', 'changed')
        $global:pgcCluster.resources['Cluster Disk 2'].OwnerGroup | Should -Be 'PGSQL'
        $global:pgcCluster.resources['PGSQL IP Address'].Params.Address | Should -Be '10.0.0.50'
        $global:pgcCluster.resources['PGSQL IP Address'].Params.EnableDhcp | Should -Be '0'
        $global:pgcCluster.resources['PGSQL PostgreSQL'].Type | Should -Be 'Generic Service'
        $global:pgcCluster.resources['PGSQL PostgreSQL'].Params.ServiceName | Should -Be 'inst1'
        $global:pgcCluster.deps['PGSQL Network Name'] | Should -Be '[PGSQL IP Address]'
        $global:pgcCluster.deps['PGSQL PostgreSQL'] | Should -Be '[Cluster Disk 1] and [Cluster Disk 2] and [PGSQL Network Name]'
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

Describe 'Export-PgMscsScript' {
    It 'writes the cluster.exe script of the role (and nothing under -WhatIf)' {
        $path = Join-Path $TestDrive 'pgsql-role.cmd'
        $null = Export-PgMscsScript @role -Path $path -WhatIf
        Test-Path -LiteralPath $path | Should -BeFalse
        $file = Export-PgMscsScript @role -Path $path -Cluster PGCLUS -Confirm:$false
        $file.FullName | Should -Be $path
        $text = Get-Content -LiteralPath $path -Raw
        $text | Should -Match 'cluster /cluster:"PGCLUS" group "PGSQL" /create\r\nif errorlevel 1 goto :failed'
        $text | Should -Match 'resource "PGSQL PostgreSQL" /priv ServiceName="inst1"'
    }
}
