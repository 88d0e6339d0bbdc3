BeforeAll {
    $root = "$PSScriptRoot/../../../../ps-module/PgCluster"
    if (Test-Path -LiteralPath "$root/PgCluster.psd1") {
        Import-Module "$root/PgCluster.psd1" -Force
    }
    else {
        Import-Module "$root/PgCluster.psm1" -Force
    }

    # Canned mc_ctl answers shared by the multiplexing cmdlets' tests.
    . "$PSScriptRoot/../McCtlAnswers.ps1"
}

Describe 'Enable-PgMirroringFailover' {
    BeforeEach {
        $script:dir = Join-Path -Path $TestDrive -ChildPath 'mc'
        $script:status = New-TestStatus -Failover $false
        Mock -ModuleName PgCluster Invoke-PgNodeTool { $script:status } -ParameterFilter { $ArgumentList[0] -eq 'status' }
        Mock -ModuleName PgCluster Invoke-PgNodeTool { [pscustomobject]@{ ok = $true; failoverEnabled = $true } } -ParameterFilter { $ArgumentList[0] -eq 'enable-failover' }
    }

    It 'runs mc_ctl enable-failover' {
        Enable-PgMirroringFailover -ConfigPath $script:dir -LocalServer 'server1' -Force
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 1 -Scope It -ParameterFilter {
            $Tool -eq 'mc_ctl' -and ($ArgumentList -join '|') -eq "enable-failover|-M|$($script:dir)|--local-server|server1"
        }
    }

    It 'changes nothing with -WhatIf' {
        Enable-PgMirroringFailover -ConfigPath $script:dir -WhatIf
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 0 -Scope It -ParameterFilter { $ArgumentList[0] -eq 'enable-failover' }
    }

    It 'changes nothing when failover already is in that state' {
        $script:status = New-TestStatus -Failover $true
        Enable-PgMirroringFailover -ConfigPath $script:dir -Force
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 0 -Scope It -ParameterFilter { $ArgumentList[0] -eq 'enable-failover' }
    }

    It 'raises the mc_ctl error code as PgCluster.CODE' {
        Mock -ModuleName PgCluster Invoke-PgNodeTool { throw (New-TestError -Code 'CONTROLLER_NOT_RUNNING') } -ParameterFilter { $ArgumentList[0] -eq 'enable-failover' }
        { Enable-PgMirroringFailover -ConfigPath $script:dir -Force -ErrorAction Stop } | Should -Throw -ErrorId 'PgCluster.CONTROLLER_NOT_RUNNING*'
    }

    It 'returns PgCluster.MirroringStatus objects with -PassThru' {
        $rows = @(Enable-PgMirroringFailover -ConfigPath $script:dir -Force -PassThru)
        $rows.Count | Should -Be 2
        $rows[0].PSObject.TypeNames[0] | Should -Be 'PgCluster.MirroringStatus'
    }

    It 'takes the directory from the pipeline by property name (McDirectory)' {
        [pscustomobject]@{ McDirectory = $script:dir } | Enable-PgMirroringFailover -Force
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 1 -Scope It -ParameterFilter {
            ($ArgumentList -join '|') -eq "enable-failover|-M|$($script:dir)"
        }
    }
}
