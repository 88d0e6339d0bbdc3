BeforeAll {
    $root = "$PSScriptRoot/../../../../ps-module/PgCluster"
    if (Test-Path -LiteralPath "$root/PgCluster.psd1") {
        Import-Module "$root/PgCluster.psd1" -Force
    }
    else {
        Import-Module "$root/PgCluster.psm1" -Force
    }
}

Describe 'Resolve-PgClusterRoot (where the Node helper is)' {
    BeforeAll {
        # Three layouts side by side: a by-hand helper, an MSI install folder, and a source tree
        # whose module sits in ps-module\PgCluster.
        function New-HelperFolder([string]$Path) {
            New-Item -ItemType Directory -Path (Join-Path $Path 'bin') -Force | Out-Null
            Set-Content -LiteralPath (Join-Path (Join-Path $Path 'bin') 'pgcluster.js') -Value '//'
            (Resolve-Path -LiteralPath $Path).ProviderPath
        }
        $script:byHand = New-HelperFolder (Join-Path $TestDrive 'byhand')
        $script:installFolder = Join-Path $TestDrive 'Program Files/PgCluster'
        $script:installedApp = New-HelperFolder (Join-Path $script:installFolder 'app')
        $script:sourceTree = New-HelperFolder (Join-Path $TestDrive 'src-tree')
        $script:sourceModule = Join-Path $script:sourceTree 'ps-module/PgCluster'
        New-Item -ItemType Directory -Path $script:sourceModule -Force | Out-Null
        $script:elsewhere = Join-Path $TestDrive 'Modules/PgCluster/0.1.0'
        New-Item -ItemType Directory -Path $script:elsewhere -Force | Out-Null
        $script:savedHome = $env:PGCLUSTER_HOME
    }

    AfterEach {
        $env:PGCLUSTER_HOME = $script:savedHome
    }

    It 'takes PGCLUSTER_HOME first' {
        $env:PGCLUSTER_HOME = $script:byHand
        $global:PgTestInstallFolder = $script:installFolder
        InModuleScope PgCluster -Parameters @{ ModuleRoot = $script:sourceModule } {
            Mock Get-PgClusterInstallFolder { $global:PgTestInstallFolder }
            Resolve-PgClusterRoot -ModuleRoot $ModuleRoot
        } | Should -Be $script:byHand
    }

    It "falls back to the MSI's InstallFolder\app when the session predates PGCLUSTER_HOME" {
        $env:PGCLUSTER_HOME = $null
        $global:PgTestInstallFolder = $script:installFolder
        InModuleScope PgCluster -Parameters @{ ModuleRoot = $script:elsewhere } {
            Mock Get-PgClusterInstallFolder { $global:PgTestInstallFolder }
            Resolve-PgClusterRoot -ModuleRoot $ModuleRoot
        } | Should -Be $script:installedApp
    }

    It 'skips a PGCLUSTER_HOME without the helper and uses the next place' {
        $env:PGCLUSTER_HOME = Join-Path $TestDrive 'nothing-here'
        $global:PgTestInstallFolder = $script:installFolder
        InModuleScope PgCluster -Parameters @{ ModuleRoot = $script:elsewhere } {
            Mock Get-PgClusterInstallFolder { $global:PgTestInstallFolder }
            Resolve-PgClusterRoot -ModuleRoot $ModuleRoot
        } | Should -Be $script:installedApp
    }

    It 'uses the source tree the module sits in when nothing says otherwise' {
        $env:PGCLUSTER_HOME = $null
        InModuleScope PgCluster -Parameters @{ ModuleRoot = $script:sourceModule } {
            Mock Get-PgClusterInstallFolder { $null }
            Resolve-PgClusterRoot -ModuleRoot $ModuleRoot
        } | Should -Be $script:sourceTree
    }

    It 'returns nothing when no place holds the helper (cmdlets then say HelperNotFound)' {
        $env:PGCLUSTER_HOME = $null
        InModuleScope PgCluster -Parameters @{ ModuleRoot = $script:elsewhere } {
            Mock Get-PgClusterInstallFolder { $null }
            Resolve-PgClusterRoot -ModuleRoot $ModuleRoot
        } | Should -BeNullOrEmpty
    }

    It 'reads no registry off Windows (no HKLM drive) and does not fail' {
        InModuleScope PgCluster {
            if (-not (Get-PSDrive -Name HKLM -ErrorAction SilentlyContinue)) {
                Get-PgClusterInstallFolder | Should -BeNullOrEmpty
            }
        }
    }
}
