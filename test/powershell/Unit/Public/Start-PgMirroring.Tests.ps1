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

Describe 'Start-PgMirroring' {
    BeforeEach {
        $script:dir = Join-Path -Path $TestDrive -ChildPath 'mc'
        $script:status = New-TestStatus -LocalController 'stopped'
        Mock -ModuleName PgCluster Invoke-PgNodeTool { $script:status } -ParameterFilter { $ArgumentList[0] -eq 'status' }
        Mock -ModuleName PgCluster Invoke-PgNodeTool { [pscustomobject]@{ ok = $true; server = 'server1'; phase = 'running' } } -ParameterFilter { $ArgumentList[0] -eq 'start' }
    }

    It 'runs mc_ctl start with -w -f --mc-only and --local-server' {
        Start-PgMirroring -ConfigPath $script:dir -LocalServer 'server1' -Wait -Failover -ControllerOnly -Force
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 1 -Scope It -ParameterFilter {
            $Tool -eq 'mc_ctl' -and ($ArgumentList -join '|') -eq "start|-M|$($script:dir)|--local-server|server1|-w|-f|--mc-only"
        }
    }

    It 'runs plain mc_ctl start without switches' {
        Start-PgMirroring -ConfigPath $script:dir -Confirm:$false
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 1 -Scope It -ParameterFilter {
            ($ArgumentList -join '|') -eq "start|-M|$($script:dir)"
        }
    }

    It 'starts nothing with -WhatIf' {
        Start-PgMirroring -ConfigPath $script:dir -WhatIf
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 0 -Scope It -ParameterFilter { $ArgumentList[0] -eq 'start' }
    }

    It 'starts nothing when the local controller already runs' {
        $script:status = New-TestStatus -LocalController 'running'
        Start-PgMirroring -ConfigPath $script:dir -Force
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 0 -Scope It -ParameterFilter { $ArgumentList[0] -eq 'start' }
    }

    It 'takes CONTROLLER_RUNNING from mc_ctl as already started, not as an error' {
        Mock -ModuleName PgCluster Invoke-PgNodeTool { throw (New-TestError -Code 'CONTROLLER_RUNNING') } -ParameterFilter { $ArgumentList[0] -eq 'start' }
        { Start-PgMirroring -ConfigPath $script:dir -Force -ErrorAction Stop } | Should -Not -Throw
    }

    It 'raises the mc_ctl error code as PgCluster.CODE' {
        Mock -ModuleName PgCluster Invoke-PgNodeTool { throw (New-TestError -Code 'INSTANCE_NOT_RUNNING') } -ParameterFilter { $ArgumentList[0] -eq 'start' }
        { Start-PgMirroring -ConfigPath $script:dir -ControllerOnly -Force -ErrorAction Stop } | Should -Throw -ErrorId 'PgCluster.INSTANCE_NOT_RUNNING*'
    }

    It 'returns PgCluster.MirroringStatus objects with -PassThru' {
        $rows = @(Start-PgMirroring -ConfigPath $script:dir -Force -PassThru)
        $rows.Count | Should -Be 2
        $rows[0].PSObject.TypeNames[0] | Should -Be 'PgCluster.MirroringStatus'
        $rows[0].ServerId | Should -Be 'server1'
    }

    It 'returns nothing without -PassThru' {
        Start-PgMirroring -ConfigPath $script:dir -Force | Should -BeNullOrEmpty
    }

    It 'takes the directory and the local server from the pipeline by property name' {
        [pscustomobject]@{ McDirectory = $script:dir; LocalServer = 'server1' } | Start-PgMirroring -Force
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 1 -Scope It -ParameterFilter {
            ($ArgumentList -join '|') -eq "start|-M|$($script:dir)|--local-server|server1"
        }
    }

    It 'is a Medium-impact command' {
        $meta = [System.Management.Automation.CommandMetadata]::new((Get-Command -Name Start-PgMirroring))
        $meta.ConfirmImpact | Should -Be 'Medium'
        $meta.SupportsShouldProcess | Should -BeTrue
    }
}
