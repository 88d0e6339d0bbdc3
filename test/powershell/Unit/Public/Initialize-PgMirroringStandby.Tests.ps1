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

Describe 'Initialize-PgMirroringStandby' {
    BeforeEach {
        $script:dir = Join-Path -Path $TestDrive -ChildPath 'mc'
        $script:secret = 'S3cr-et pass'
        $script:credential = [System.Management.Automation.PSCredential]::new('repluser', (ConvertTo-SecureString -String $script:secret -AsPlainText -Force))
        Mock -ModuleName PgCluster Invoke-PgNodeTool { New-TestStatus } -ParameterFilter { $ArgumentList[0] -eq 'status' }
        Mock -ModuleName PgCluster Invoke-PgNodeTool {
            [pscustomobject]@{ ok = $true; server = 'server2'; role = 'standby'; standbyName = 'server2'; primary = 'server1:27500' }
        } -ParameterFilter { $ArgumentList[0] -eq 'setup' }
    }

    It 'runs mc_ctl setup -r standby -h -p with the user, standby name and instance port; the password goes in PGPASSWORD' {
        Initialize-PgMirroringStandby -ConfigPath $script:dir -LocalServer 'server2' -PrimaryHost 'server1' -PrimaryPort 27500 `
            -Credential $script:credential -StandbyName 'server2' -InstancePort 27501 -Force
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 1 -Scope It -ParameterFilter {
            $Tool -eq 'mc_ctl' -and ($ArgumentList -join '|') -eq ("setup|-M|$($script:dir)|--local-server|server2|-r|standby|-h|server1|-p|27500|" +
                '--user=repluser|--standby-name=server2|--instance-port=27501') -and
            $Environment['PGPASSWORD'] -eq $script:secret
        }
    }

    It 'passes no user and no password without -Credential' {
        Initialize-PgMirroringStandby -ConfigPath $script:dir -PrimaryHost 'server1' -PrimaryPort 27500 -Force
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 1 -Scope It -ParameterFilter {
            ($ArgumentList -join '|') -eq "setup|-M|$($script:dir)|-r|standby|-h|server1|-p|27500" -and $Environment.Count -eq 0
        }
    }

    It 'never puts the password on a command line or in verbose output' {
        $verbose = Initialize-PgMirroringStandby -ConfigPath $script:dir -PrimaryHost 'server1' -PrimaryPort 27500 `
            -Credential $script:credential -Force -Verbose 4>&1
        ($verbose | Out-String) | Should -Not -Match ([regex]::Escape($script:secret))
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 0 -Scope It -ParameterFilter {
            ($ArgumentList -join ' ') -match [regex]::Escape($script:secret)
        }
    }

    It 'sets PGPASSWORD for the child only: the session environment is unchanged afterwards' {
        InModuleScope PgCluster {
            $before = $env:PGPASSWORD
            $r = Invoke-PgNative -FilePath 'sh' -ArgumentList @('-c', 'printf "%s" "$PGPASSWORD"') -Environment @{ PGPASSWORD = 'child-only' }
            $r.Output | Should -Be 'child-only'
            $env:PGPASSWORD | Should -Be $before
        }
    }

    It 'leaves the password out of the -WhatIf message and changes nothing' {
        $out = Initialize-PgMirroringStandby -ConfigPath $script:dir -PrimaryHost 'server1' -PrimaryPort 27500 -Credential $script:credential -WhatIf 6>&1
        ($out | Out-String) | Should -Not -Match ([regex]::Escape($script:secret))
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 0 -Scope It -ParameterFilter { $ArgumentList[0] -eq 'setup' }
    }

    It 'is a High-impact command (it replaces the data directory)' {
        $meta = [System.Management.Automation.CommandMetadata]::new((Get-Command -Name Initialize-PgMirroringStandby))
        $meta.ConfirmImpact | Should -Be 'High'
    }

    It 'raises the mc_ctl error code as PgCluster.CODE' {
        Mock -ModuleName PgCluster Invoke-PgNodeTool { throw (New-TestError -Code 'INSTANCE_RUNNING') } -ParameterFilter { $ArgumentList[0] -eq 'setup' }
        { Initialize-PgMirroringStandby -ConfigPath $script:dir -PrimaryHost 'server1' -PrimaryPort 27500 -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'PgCluster.INSTANCE_RUNNING*'
    }

    It 'rejects a port outside 1-65535 before running anything' {
        { Initialize-PgMirroringStandby -ConfigPath $script:dir -PrimaryHost 'server1' -PrimaryPort 70000 -Force } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 0 -Scope It
    }

    It 'returns PgCluster.MirroringStatus objects with -PassThru' {
        $rows = @(Initialize-PgMirroringStandby -ConfigPath $script:dir -PrimaryHost 'server1' -PrimaryPort 27500 -Force -PassThru)
        $rows.Count | Should -Be 2
        $rows[0].PSObject.TypeNames[0] | Should -Be 'PgCluster.MirroringStatus'
    }

    It 'takes the directory from the pipeline by property name (McDirectory)' {
        [pscustomobject]@{ McDirectory = $script:dir } | Initialize-PgMirroringStandby -PrimaryHost 'server1' -PrimaryPort 27500 -Force
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 1 -Scope It -ParameterFilter {
            $ArgumentList[0] -eq 'setup' -and $ArgumentList[2] -eq $script:dir
        }
    }
}
