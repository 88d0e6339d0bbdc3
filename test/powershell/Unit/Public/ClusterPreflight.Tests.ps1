# Test-PgClusterPreflight: the real Node helper reads a real data directory layout and decides;
# the cluster (FailoverClusters), its WMI provider (CimCmdlets) and the remote nodes
# (Invoke-Command) are mocked: two nodes, two shared disks whose volumes are folders here.
BeforeAll {
    $repo = (Resolve-Path -LiteralPath "$PSScriptRoot/../../../..").ProviderPath
    Import-Module (Join-Path $repo 'test/powershell/Stubs/FailoverClusters.stubs.psm1') -Force
    Import-Module (Join-Path $repo 'test/powershell/Stubs/CimCmdlets.stubs.psm1') -Force
    Import-Module (Join-Path $repo 'ps-module/PgCluster/PgCluster.psd1') -Force
    $PSDefaultParameterValues['Mock:ModuleName'] = 'PgCluster'
    $PSDefaultParameterValues['Should:ModuleName'] = 'PgCluster'
}

AfterAll {
    Remove-Module PgCluster -Force -ErrorAction SilentlyContinue
    Remove-Variable -Name pgcNodes, pgcNodeNow, pgcRoots -Scope Global -ErrorAction SilentlyContinue
}

Describe 'Test-PgClusterPreflight' {
    BeforeEach {
        # Disk E holds the data, disk F the backups; the core directory is local to each node.
        $e = Join-Path $TestDrive 'E'
        $f = Join-Path $TestDrive 'F'
        $script:data = Join-Path $e 'database/inst1'
        $script:core = Join-Path $TestDrive 'local/core'
        $null = New-Item -ItemType Directory -Force -Path (Join-Path $data 'pg_wal'), (Join-Path $f 'backup'), $core
        Set-Content -LiteralPath (Join-Path $data 'PG_VERSION') -Value '15'
        Set-Content -LiteralPath (Join-Path $data 'postgresql.conf') -Value @(
            'port = 26500'
            'restart_after_crash = off'
            "core_directory = '$core'"
            "pgcluster.backup_destination = '$(Join-Path $f 'backup')'"
        )
        $global:pgcRoots = @{ 'Cluster Disk 1' = $e; 'Cluster Disk 2' = $f }
        # What each node has: its services file and its instance service.
        $global:pgcNodes = @{
            NODE1 = @{ Services = @('postgresql  5432/tcp', 'inst1  26500/tcp  # PgCluster'); StartMode = 'Manual'; Account = 'CONTOSO\symfo'; CoreMissing = $false }
            NODE2 = @{ Services = @('inst1  26500/tcp'); StartMode = 'Manual'; Account = 'CONTOSO\symfo'; CoreMissing = $false }
        }
        $global:pgcNodeNow = $null
        Mock Get-ClusterNode { 'NODE1', 'NODE2' | ForEach-Object { [pscustomobject]@{ Name = $_; State = 'Up' } } }
        Mock Get-ClusterGroup { if ([string]$Name -eq 'PGSQL') { [pscustomobject]@{ Name = 'PGSQL'; State = 'Online'; OwnerNode = 'NODE1' } } }
        Mock Get-ClusterResource {
            [pscustomobject]@{ Name = 'Cluster Disk 1'; OwnerGroup = 'PGSQL'; ResourceType = 'Physical Disk'; State = 'Online' }
            [pscustomobject]@{ Name = 'Cluster Disk 2'; OwnerGroup = 'PGSQL'; ResourceType = 'Physical Disk'; State = 'Online' }
            [pscustomobject]@{ Name = 'PGSQL PostgreSQL'; OwnerGroup = 'PGSQL'; ResourceType = 'Generic Service'; State = 'Online' }
        }
        Mock Get-ClusterResourceDependency { }
        Mock Get-ClusterParameter { if ($InputObject.Name -eq 'PGSQL PostgreSQL') { [pscustomobject]@{ Name = 'ServiceName'; Value = 'inst1' } } }
        Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'MSCluster_Resource' } {
            'Cluster Disk 1', 'Cluster Disk 2' | ForEach-Object { [pscustomobject]@{ Name = $_ } }
        }
        Mock Get-CimAssociatedInstance -ParameterFilter { $ResultClassName -eq 'MSCluster_Disk' } { [pscustomobject]@{ Resource = $InputObject.Name } }
        Mock Get-CimAssociatedInstance -ParameterFilter { $ResultClassName -eq 'MSCluster_DiskPartition' } { [pscustomobject]@{ Path = $global:pgcRoots[$InputObject.Resource] } }
        # Remoting runs the module's gathering script here, as if on the node named.
        Mock Invoke-Command {
            $global:pgcNodeNow = $ComputerName[0]
            try { & $ScriptBlock @ArgumentList } finally { $global:pgcNodeNow = $null }
        }
        Mock Get-Content -ParameterFilter { $LiteralPath -like '*etc*services' } { $global:pgcNodes[$global:pgcNodeNow].Services }
        Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_Service' } {
            $n = $global:pgcNodes[$global:pgcNodeNow]
            [pscustomobject]@{ Name = 'inst1'; StartMode = $n.StartMode; StartName = $n.Account }
        }
        Mock Test-Path -ParameterFilter { $global:pgcNodeNow -and $global:pgcNodes[$global:pgcNodeNow].CoreMissing } { $false }
    }

    It 'passes when the instance and both nodes are right, and saves the cluster file it gathered' {
        $saved = Join-Path $TestDrive 'cluster.json'
        $findings = @(Test-PgClusterPreflight -DataDirectory $data -Name PGSQL -ClusterFilePath $saved)
        $findings.Check | Should -Be @('wal-disk') -Because 'WAL on the data disk is only a warning'
        $findings[0].Severity | Should -Be 'warning'
        Test-PgClusterPreflight -DataDirectory $data -Name PGSQL -Quiet | Should -BeTrue
        $cluster = Get-Content -LiteralPath $saved -Raw | ConvertFrom-Json
        $cluster.serviceName | Should -Be 'inst1'
        $cluster.sharedDisks.name | Should -Be @('Cluster Disk 1', 'Cluster Disk 2')
        $cluster.nodes[1].service.startType | Should -Be 'Demand'
        $cluster.nodes[0].servicesFilePorts | Should -Be @(5432, 26500)
        $cluster.nodes[1].localPaths.$core | Should -BeTrue
        Should -Invoke Invoke-Command -Times 4 -Exactly -Because 'each node, twice'
    }

    It 'names every node problem: port missing, automatic start, another account, a local path missing' {
        $global:pgcNodes.NODE2 = @{ Services = @('postgresql  5432/tcp'); StartMode = 'Auto'; Account = 'NODE2\symfo'; CoreMissing = $true }
        $findings = @(Test-PgClusterPreflight -DataDirectory $data -Name PGSQL)
        $findings[0].PSObject.TypeNames | Should -Contain 'PgCluster.PreflightFinding'
        $findings = @($findings | Where-Object Severity -EQ 'error')
        $findings.Check | Sort-Object | Should -Be @('core_directory', 'service-account', 'service-start', 'services-file')
        ($findings | Where-Object Check -EQ 'services-file').What | Should -BeLike '*26500*NODE2*'
        ($findings | Where-Object Check -EQ 'core_directory').Where | Should -BeLike '*NODE2*'
        Test-PgClusterPreflight -DataDirectory $data -Name PGSQL -Quiet | Should -BeFalse
    }

    It 'takes the disks and the service name given, before the role has them' {
        Mock Get-ClusterGroup { }
        $disks = @{ 'Cluster Disk 1' = $global:pgcRoots['Cluster Disk 1'] }
        $findings = @(Test-PgClusterPreflight -DataDirectory $data -Name PGSQL -ServiceName inst1 -SharedDisk $disks)
        $findings.Check | Should -Contain 'shared-disk' -Because 'the backup area is on a disk outside the role'
        { Test-PgClusterPreflight -DataDirectory $data -Name PGSQL } | Should -Throw -ErrorId 'PgCluster.ServiceNameUnknown*'
        { Test-PgClusterPreflight -DataDirectory $data -Name PGSQL -ServiceName inst1 } | Should -Throw -ErrorId 'PgCluster.NoSharedDisk*'
    }

    It 'says how to reach a node that cannot be asked, and what is not a data directory' {
        Mock Invoke-Command { throw 'WinRM cannot complete the operation' }
        { Test-PgClusterPreflight -DataDirectory $data -Name PGSQL } | Should -Throw -ErrorId 'PgCluster.NodeUnreachable*'
        { Test-PgClusterPreflight -DataDirectory $TestDrive -Name PGSQL } | Should -Throw -ErrorId 'PgCluster.NOT_A_DATA_DIRECTORY*'
    }
}
