BeforeAll {
    $root = "$PSScriptRoot/../../../../ps-module/PgCluster"
    if (Test-Path -LiteralPath "$root/PgCluster.psd1") {
        Import-Module "$root/PgCluster.psd1" -Force
    }
    else {
        Import-Module "$root/PgCluster.psm1" -Force
    }
    # secedit /export /areas USER_RIGHTS on Windows Server 2019, trimmed.
    $script:export = @(
        '[Unicode]',
        'Unicode=yes',
        '[Version]',
        'signature="$CHICAGO$"',
        'Revision=1',
        '[Privilege Rights]',
        'SeNetworkLogonRight = *S-1-1-0,*S-1-5-32-544,*S-1-5-32-545,*S-1-5-32-551',
        'SeBackupPrivilege = *S-1-5-32-544,*S-1-5-32-551',
        'SeServiceLogonRight = *S-1-5-80-0,*S-1-5-99-216390572-1995538116-3857911515-2404958512-2623887229',
        'SeInteractiveLogonRight = Guest,*S-1-5-32-544,*S-1-5-32-545,*S-1-5-32-551'
    )
    $script:sid = 'S-1-5-21-1004336348-1177238915-682003330-1001'

    # Plays secedit: /export writes $script:policy (UTF-16) to /cfg; /configure takes /cfg as the new policy.
    function Invoke-TestSecedit {
        param ([string[]]$ArgumentList)
        $script:tempFiles += @($ArgumentList | Where-Object -FilterScript { $_ -match '\.(inf|sdb)$' })
        if ($ArgumentList[0] -eq '/export') {
            Set-Content -LiteralPath $ArgumentList[2] -Value $script:policy -Encoding Unicode
        }
        elseif ($ArgumentList[0] -eq '/configure') {
            $script:configured = @(Get-Content -LiteralPath $ArgumentList[4] -Encoding Unicode)
            if ($script:applies) {
                $script:policy = $script:configured
            }
        }
        return [pscustomobject]@{ ExitCode = $script:exitCode; Output = @('The task has completed successfully.') }
    }
}

Describe 'Grant-PgServiceLogonRight' {
    BeforeEach {
        $script:policy = $script:export
        $script:configured = $null
        $script:tempFiles = @()
        $script:exitCode = 0
        $script:applies = $true
        Mock -ModuleName PgCluster Resolve-PgAccountSid { $script:sid } -ParameterFilter { $Account -eq 'CONTOSO\symfo' }
        Mock -ModuleName PgCluster Resolve-PgAccountSid { $Account } -ParameterFilter { $Account -like 'S-1-*' }
        Mock -ModuleName PgCluster Resolve-PgAccountSid { throw 'not found' } -ParameterFilter { $Account -ne 'CONTOSO\symfo' -and $Account -notlike 'S-1-*' }
        Mock -ModuleName PgCluster Invoke-PgNative { Invoke-TestSecedit -ArgumentList $ArgumentList }
    }

    It 'runs secedit /configure /db tmp.sdb /cfg tmp.inf /areas USER_RIGHTS' {
        $null = Grant-PgServiceLogonRight -Account 'CONTOSO\symfo' -Force
        Should -Invoke -ModuleName PgCluster Invoke-PgNative -Exactly -Times 1 -Scope It -ParameterFilter {
            $FilePath -eq 'secedit.exe' -and $ArgumentList.Count -eq 7 -and $ArgumentList[0] -eq '/configure' -and
            $ArgumentList[1] -eq '/db' -and $ArgumentList[2] -like '*.sdb' -and $ArgumentList[3] -eq '/cfg' -and
            $ArgumentList[4] -like '*.inf' -and ($ArgumentList[5..6] -join ' ') -eq '/areas USER_RIGHTS'
        }
    }

    It 'appends ,*SID to SeServiceLogonRight and keeps every other line' {
        $null = Grant-PgServiceLogonRight -Account 'CONTOSO\symfo' -Force
        $expected = $script:export -replace '^(SeServiceLogonRight = .*)$', "`$1,*$($script:sid)"
        $script:configured | Should -Be $expected
    }

    It 'returns the PgCluster.LogonRight read back after the change' {
        $result = Grant-PgServiceLogonRight -Account 'CONTOSO\symfo' -Force
        $result.PSObject.TypeNames[0] | Should -Be 'PgCluster.LogonRight'
        $result.Granted | Should -BeTrue
        $result.Sid | Should -Be $script:sid
        # Export (test), export (edit), configure, export (read back).
        Should -Invoke -ModuleName PgCluster Invoke-PgNative -Exactly -Times 3 -Scope It -ParameterFilter { $ArgumentList[0] -eq '/export' }
    }

    It 'deletes every temporary file' {
        $null = Grant-PgServiceLogonRight -Account 'CONTOSO\symfo' -Force
        $script:tempFiles.Count | Should -Be 5
        foreach ($file in $script:tempFiles) {
            Test-Path -LiteralPath (Split-Path -Path $file -Parent) | Should -BeFalse
        }
    }

    It 'changes nothing when the account already holds the right' {
        $script:policy = $script:export -replace '^(SeServiceLogonRight = .*)$', "`$1,*$($script:sid)"
        $result = Grant-PgServiceLogonRight -Account 'CONTOSO\symfo' -Force
        $result.Granted | Should -BeTrue
        Should -Invoke -ModuleName PgCluster Invoke-PgNative -Exactly -Times 0 -Scope It -ParameterFilter { $ArgumentList[0] -eq '/configure' }
    }

    It 'changes nothing with -WhatIf' {
        Grant-PgServiceLogonRight -Account 'CONTOSO\symfo' -WhatIf | Should -BeNullOrEmpty
        Should -Invoke -ModuleName PgCluster Invoke-PgNative -Exactly -Times 0 -Scope It -ParameterFilter { $ArgumentList[0] -eq '/configure' }
    }

    It 'raises PgCluster.SeceditFailed when secedit /configure fails' {
        $script:applies = $false
        Mock -ModuleName PgCluster Invoke-PgNative { [pscustomobject]@{ ExitCode = 1; Output = @('Access is denied.') } } -ParameterFilter { $ArgumentList[0] -eq '/configure' }
        { Grant-PgServiceLogonRight -Account 'CONTOSO\symfo' -Force -ErrorAction Stop } | Should -Throw -ErrorId 'PgCluster.SeceditFailed*'
    }

    It 'raises PgCluster.LogonRightNotEffective when the right does not show afterwards' {
        $script:applies = $false
        { Grant-PgServiceLogonRight -Account 'CONTOSO\symfo' -Force -ErrorAction Stop } | Should -Throw -ErrorId 'PgCluster.LogonRightNotEffective*'
    }

    It 'takes accounts from Test-PgServiceLogonRight on the pipeline' {
        $result = Test-PgServiceLogonRight -Account 'CONTOSO\symfo' | Grant-PgServiceLogonRight -Force
        $result.Account | Should -Be 'CONTOSO\symfo'
        $result.Granted | Should -BeTrue
    }

    It 'is a Medium-impact command' {
        $meta = [System.Management.Automation.CommandMetadata]::new((Get-Command -Name Grant-PgServiceLogonRight))
        $meta.ConfirmImpact | Should -Be 'Medium'
    }
}
