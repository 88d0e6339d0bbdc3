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

Describe 'Test-PgServiceLogonRight' {
    BeforeEach {
        $script:policy = $script:export
        $script:tempFiles = @()
        $script:exitCode = 0
        Mock -ModuleName PgCluster Resolve-PgAccountSid { $script:sid } -ParameterFilter { $Account -eq 'CONTOSO\symfo' }
        Mock -ModuleName PgCluster Resolve-PgAccountSid { $Account } -ParameterFilter { $Account -like 'S-1-*' }
        Mock -ModuleName PgCluster Resolve-PgAccountSid { throw 'not found' } -ParameterFilter { $Account -ne 'CONTOSO\symfo' -and $Account -notlike 'S-1-*' }
        Mock -ModuleName PgCluster Invoke-PgNative { Invoke-TestSecedit -ArgumentList $ArgumentList }
    }

    It 'exports USER_RIGHTS with secedit into a temporary .inf' {
        $null = Test-PgServiceLogonRight -Account 'CONTOSO\symfo'
        Should -Invoke -ModuleName PgCluster Invoke-PgNative -Exactly -Times 1 -Scope It -ParameterFilter {
            $FilePath -eq 'secedit.exe' -and $ArgumentList[0] -eq '/export' -and $ArgumentList[1] -eq '/cfg' -and
            $ArgumentList[2] -like '*.inf' -and ($ArgumentList[3..4] -join ' ') -eq '/areas USER_RIGHTS'
        }
    }

    It 'deletes the temporary files' {
        $null = Test-PgServiceLogonRight -Account 'CONTOSO\symfo'
        $script:tempFiles.Count | Should -Be 1
        Test-Path -LiteralPath $script:tempFiles[0] | Should -BeFalse
        Test-Path -LiteralPath (Split-Path -Path $script:tempFiles[0] -Parent) | Should -BeFalse
    }

    It 'returns Granted = False and the SID for an account without the right' {
        $result = Test-PgServiceLogonRight -Account 'CONTOSO\symfo'
        $result.PSObject.TypeNames[0] | Should -Be 'PgCluster.LogonRight'
        $result.Account | Should -Be 'CONTOSO\symfo'
        $result.Sid | Should -Be $script:sid
        $result.Granted | Should -BeFalse
    }

    It 'returns Granted = True when the SID is listed' {
        $script:policy = $script:export -replace '^(SeServiceLogonRight = .*)$', "`$1,*$($script:sid)"
        (Test-PgServiceLogonRight -Account 'CONTOSO\symfo').Granted | Should -BeTrue
    }

    It 'returns Granted = True when secedit lists the account by name' {
        $script:policy = $script:export -replace '^(SeServiceLogonRight = )', '$1CONTOSO\symfo,'
        (Test-PgServiceLogonRight -Account 'CONTOSO\symfo').Granted | Should -BeTrue
    }

    It 'looks only at SeServiceLogonRight, not at other rights' {
        $script:policy = $script:export -replace '^(SeBackupPrivilege = .*)$', "`$1,*$($script:sid)"
        (Test-PgServiceLogonRight -Account 'CONTOSO\symfo').Granted | Should -BeFalse
    }

    It 'accepts accounts from the pipeline' {
        $results = @('CONTOSO\symfo', 'S-1-5-80-0' | Test-PgServiceLogonRight)
        $results.Count | Should -Be 2
        $results[1].Sid | Should -Be 'S-1-5-80-0'
        $results[1].Granted | Should -BeTrue
    }

    It 'raises PgCluster.AccountNotFound for an account that does not resolve' {
        Mock -ModuleName PgCluster Resolve-PgAccountSid {
            throw [System.Management.Automation.ErrorRecord]::new([System.InvalidOperationException]::new('no such account'), 'PgCluster.AccountNotFound', 'ObjectNotFound', $null)
        } -ParameterFilter { $Account -ne 'CONTOSO\symfo' }
        { Test-PgServiceLogonRight -Account 'CONTOSO\nobody' -ErrorAction Stop } | Should -Throw -ErrorId 'PgCluster.AccountNotFound*'
    }

    It 'raises PgCluster.SeceditExportFailed when secedit fails' {
        $script:exitCode = 1
        { Test-PgServiceLogonRight -Account 'CONTOSO\symfo' -ErrorAction Stop } | Should -Throw -ErrorId 'PgCluster.SeceditExportFailed*'
        Test-Path -LiteralPath (Split-Path -Path $script:tempFiles[0] -Parent) | Should -BeFalse
    }
}
