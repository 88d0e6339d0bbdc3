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

Describe 'Switch-PgMirroringPrimary' {
    BeforeEach {
        $script:dir = Join-Path -Path $TestDrive -ChildPath 'mc'
        $script:status = New-TestStatus -Primary 'server1'
        Mock -ModuleName PgCluster Invoke-PgNodeTool { $script:status } -ParameterFilter { $ArgumentList[0] -eq 'status' }
        Mock -ModuleName PgCluster Invoke-PgNodeTool { [pscustomobject]@{ ok = $true; newPrimary = 'server2' } } -ParameterFilter { $ArgumentList[0] -eq 'switch' }
    }

    It 'runs mc_ctl switch' {
        Switch-PgMirroringPrimary -ConfigPath $script:dir -Confirm:$false
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 1 -Scope It -ParameterFilter {
            $Tool -eq 'mc_ctl' -and ($ArgumentList -join '|') -eq "switch|-M|$($script:dir)"
        }
    }

    It 'passes -Force as --force' {
        Switch-PgMirroringPrimary -ConfigPath $script:dir -LocalServer 'server2' -Force -Confirm:$false
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 1 -Scope It -ParameterFilter {
            ($ArgumentList -join '|') -eq "switch|-M|$($script:dir)|--local-server|server2|--force"
        }
    }

    It 'is a High-impact command' {
        $meta = [System.Management.Automation.CommandMetadata]::new((Get-Command -Name Switch-PgMirroringPrimary))
        $meta.ConfirmImpact | Should -Be 'High'
        $meta.SupportsShouldProcess | Should -BeTrue
    }

    It 'switches nothing with -WhatIf, even with -Force' {
        Switch-PgMirroringPrimary -ConfigPath $script:dir -Force -WhatIf
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 0 -Scope It -ParameterFilter { $ArgumentList[0] -eq 'switch' }
    }

    It 'switches to -NewPrimary when it is the standby' {
        Switch-PgMirroringPrimary -ConfigPath $script:dir -NewPrimary 'server2' -Confirm:$false
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 1 -Scope It -ParameterFilter { $ArgumentList[0] -eq 'switch' }
    }

    It 'switches nothing when -NewPrimary already is the primary' {
        $script:status = New-TestStatus -Primary 'server2'
        Switch-PgMirroringPrimary -ConfigPath $script:dir -NewPrimary 'server2' -Confirm:$false
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 0 -Scope It -ParameterFilter { $ArgumentList[0] -eq 'switch' }
    }

    It 'refuses a -NewPrimary that is not in network.conf' {
        { Switch-PgMirroringPrimary -ConfigPath $script:dir -NewPrimary 'server9' -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PgCluster.UnknownServer*'
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 0 -Scope It -ParameterFilter { $ArgumentList[0] -eq 'switch' }
    }

    It 'raises the mc_ctl error code as PgCluster.CODE' {
        Mock -ModuleName PgCluster Invoke-PgNodeTool { throw (New-TestError -Code 'NOT_IN_SYNC') } -ParameterFilter { $ArgumentList[0] -eq 'switch' }
        { Switch-PgMirroringPrimary -ConfigPath $script:dir -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PgCluster.NOT_IN_SYNC*'
    }

    It 'returns PgCluster.MirroringStatus objects with -PassThru' {
        $rows = @(Switch-PgMirroringPrimary -ConfigPath $script:dir -Confirm:$false -PassThru)
        $rows.Count | Should -Be 2
        $rows[0].PSObject.TypeNames[0] | Should -Be 'PgCluster.MirroringStatus'
    }

    It 'takes the directory from the pipeline by property name (McDirectory)' {
        [pscustomobject]@{ McDirectory = $script:dir } | Switch-PgMirroringPrimary -Confirm:$false
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 1 -Scope It -ParameterFilter {
            ($ArgumentList -join '|') -eq "switch|-M|$($script:dir)"
        }
    }
}
