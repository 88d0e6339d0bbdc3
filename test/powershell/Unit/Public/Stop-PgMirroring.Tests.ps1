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

Describe 'Stop-PgMirroring' {
    BeforeEach {
        $script:dir = Join-Path -Path $TestDrive -ChildPath 'mc'
        $script:status = New-TestStatus -LocalController 'running'
        Mock -ModuleName PgCluster Invoke-PgNodeTool { $script:status } -ParameterFilter { $ArgumentList[0] -eq 'status' }
        Mock -ModuleName PgCluster Invoke-PgNodeTool { [pscustomobject]@{ ok = $true; stopped = @('server1') } } -ParameterFilter { $ArgumentList[0] -eq 'stop' }
    }

    It 'runs mc_ctl stop -a for -All' {
        Stop-PgMirroring -ConfigPath $script:dir -All -Force
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 1 -Scope It -ParameterFilter {
            $Tool -eq 'mc_ctl' -and ($ArgumentList -join '|') -eq "stop|-M|$($script:dir)|-a"
        }
    }

    It 'runs mc_ctl stop -e for -Immediate' {
        Stop-PgMirroring -ConfigPath $script:dir -LocalServer 'server1' -Immediate -Force
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 1 -Scope It -ParameterFilter {
            ($ArgumentList -join '|') -eq "stop|-M|$($script:dir)|--local-server|server1|-e"
        }
    }

    It 'runs mc_ctl stop --mc-only for -ControllerOnly' {
        Stop-PgMirroring -ConfigPath $script:dir -ControllerOnly -Force
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 1 -Scope It -ParameterFilter {
            ($ArgumentList -join '|') -eq "stop|-M|$($script:dir)|--mc-only"
        }
    }

    It 'does not accept -Immediate with -All' {
        { Stop-PgMirroring -ConfigPath $script:dir -Immediate -All -Force } | Should -Throw -ErrorId 'AmbiguousParameterSet*'
    }

    It 'stops nothing with -WhatIf' {
        Stop-PgMirroring -ConfigPath $script:dir -WhatIf
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 0 -Scope It -ParameterFilter { $ArgumentList[0] -eq 'stop' }
    }

    It 'asks for confirmation (High impact) unless told not to' {
        $meta = [System.Management.Automation.CommandMetadata]::new((Get-Command -Name Stop-PgMirroring))
        $meta.ConfirmImpact | Should -Be 'High'
    }

    It 'does nothing for -ControllerOnly when the controller already is stopped' {
        $script:status = New-TestStatus -LocalController 'stopped'
        Stop-PgMirroring -ConfigPath $script:dir -ControllerOnly -Force
        Stop-PgMirroring -ConfigPath $script:dir -Immediate -Force
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 0 -Scope It -ParameterFilter { $ArgumentList[0] -eq 'stop' }
    }

    It 'raises the mc_ctl error code as PgCluster.CODE' {
        Mock -ModuleName PgCluster Invoke-PgNodeTool { throw (New-TestError -Code 'STOP_TIMEOUT') } -ParameterFilter { $ArgumentList[0] -eq 'stop' }
        { Stop-PgMirroring -ConfigPath $script:dir -Force -ErrorAction Stop } | Should -Throw -ErrorId 'PgCluster.STOP_TIMEOUT*'
    }

    It 'returns PgCluster.MirroringStatus objects with -PassThru' {
        $rows = @(Stop-PgMirroring -ConfigPath $script:dir -Force -PassThru)
        $rows.Count | Should -Be 2
        $rows[1].PSObject.TypeNames[0] | Should -Be 'PgCluster.MirroringStatus'
    }

    It 'takes the directory from the pipeline by property name (ConfigPath)' {
        [pscustomobject]@{ ConfigPath = $script:dir } | Stop-PgMirroring -Force
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 1 -Scope It -ParameterFilter {
            ($ArgumentList -join '|') -eq "stop|-M|$($script:dir)"
        }
    }
}
