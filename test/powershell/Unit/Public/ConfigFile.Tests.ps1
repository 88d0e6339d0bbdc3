# Test-/Protect-PgConfigFile: icacls output parsed from samples in the real format; the native
# commands (icacls, takeown) are mocked with an in-memory access list.
BeforeAll {
    $repo = (Resolve-Path -LiteralPath "$PSScriptRoot/../../../..").ProviderPath
    Import-Module (Join-Path $repo 'ps-module/PgCluster/PgCluster.psd1') -Force
    $PSDefaultParameterValues['Mock:ModuleName'] = 'PgCluster'
    $PSDefaultParameterValues['Should:ModuleName'] = 'PgCluster'
    $script:file = Join-Path ([System.IO.Path]::GetTempPath()) 'pgc network.conf'
    Set-Content -LiteralPath $script:file -Value 'server1 10.0.0.1 27540'
}

AfterAll {
    Remove-Item -LiteralPath $script:file -Force -ErrorAction SilentlyContinue
    Remove-Module PgCluster -Force -ErrorAction SilentlyContinue
}

Describe 'ConvertFrom-PgIcaclsOutput' {
    It 'reads every entry, inherited marks and deny entries, and ignores the summary' {
        InModuleScope PgCluster {
            $lines = @(
                'D:\mcdir\inst1\network.conf NT AUTHORITY\SYSTEM:(I)(F)',
                '                            BUILTIN\Administrators:(I)(F)',
                '                            BUILTIN\Users:(I)(RX)',
                '                            CONTOSO\symfo:(F)',
                '                            Everyone:(DENY)(W,D)',
                '',
                'Successfully processed 1 files; Failed processing 0 files'
            )
            $e = @(ConvertFrom-PgIcaclsOutput -Path 'D:\mcdir\inst1\network.conf' -Line $lines)
            $e.Count | Should -Be 5
            $e[0].Account | Should -Be 'NT AUTHORITY\SYSTEM'
            $e[0].Inherited | Should -BeTrue
            $e[2].Rights | Should -Be 'RX'
            $e[3].Inherited | Should -BeFalse
            $e[4].Deny | Should -BeTrue
            $e[4].Rights | Should -Be 'W,D'
        }
    }

    It 'reads directory entries with inheritance flags' {
        InModuleScope PgCluster {
            $e = @(ConvertFrom-PgIcaclsOutput -Path 'D:\pgdata' -Line @('D:\pgdata CONTOSO\postgres:(OI)(CI)(F)', '          BUILTIN\Users:(I)(OI)(CI)(RX)', ''))
            $e[0].Flags | Should -Be @('OI', 'CI')
            $e[0].Rights | Should -Be 'F'
            $e[1].Inherited | Should -BeTrue
        }
    }

    It 'refuses output for another path' {
        InModuleScope PgCluster {
            { ConvertFrom-PgIcaclsOutput -Path 'D:\a' -Line @('D:\b X:(F)') } | Should -Throw '*does not start with the path*'
        }
    }
}

Describe 'Test-PgConfigFile and Protect-PgConfigFile' {
    BeforeEach {
        # The file's access list, as icacls would print it.
        $script:acl = @('NT AUTHORITY\SYSTEM:(I)(F)', 'BUILTIN\Administrators:(I)(F)', 'BUILTIN\Users:(I)(RX)', 'CONTOSO\helpdesk:(R)')
        Mock Invoke-PgNative {
            if ($ArgumentList.Count -eq 1) {
                $out = @("$($ArgumentList[0]) $($script:acl[0])") + @($script:acl | Select-Object -Skip 1 | ForEach-Object { "    $_" }) + @('', 'Successfully processed 1 files; Failed processing 0 files')
                return [pscustomobject]@{ ExitCode = 0; Output = $out }
            }
            if ($ArgumentList -contains '/inheritance:r') {
                $script:acl = @('CONTOSO\symfo:(F)', 'NT AUTHORITY\SYSTEM:(F)', 'BUILTIN\Administrators:(F)') + @($script:acl | Where-Object { $_ -notmatch '\(I\)' -and $_ -notmatch '^(CONTOSO\\symfo|NT AUTHORITY|BUILTIN)' })
            }
            if ($ArgumentList -contains '/remove') {
                $who = $ArgumentList[-1]
                $script:acl = @($script:acl | Where-Object { -not $_.StartsWith("${who}:") })
            }
            [pscustomobject]@{ ExitCode = 0; Output = @('Successfully processed 1 files') }
        } -ParameterFilter { $FilePath -eq 'icacls.exe' }
        Mock Invoke-PgNative { [pscustomobject]@{ ExitCode = 0; Output = @('SUCCESS') } } -ParameterFilter { $FilePath -eq 'takeown.exe' }
    }

    It 'finds inherited and foreign entries' {
        $r = Test-PgConfigFile -Path $file -Account 'CONTOSO\symfo'
        $r.PSObject.TypeNames[0] | Should -Be 'PgCluster.ConfigFileAccess'
        $r.Compliant | Should -BeFalse
        $r.ExtraAccess | Should -Contain 'BUILTIN\Users:(RX) inherited'
        $r.ExtraAccess | Should -Contain 'CONTOSO\helpdesk:(R)'
    }

    It 'protects with takeown, setowner, inheritance:r and grants by SID, removes the rest, then verifies' {
        $r = Protect-PgConfigFile -Path $file -Account 'CONTOSO\symfo' -Confirm:$false
        $r.Compliant | Should -BeTrue
        Should -Invoke Invoke-PgNative -Times 1 -Exactly -ParameterFilter { $FilePath -eq 'takeown.exe' -and ($ArgumentList -join '|') -eq "/f|$file" }
        Should -Invoke Invoke-PgNative -Times 1 -Exactly -ParameterFilter { ($ArgumentList -join '|') -eq "$file|/setowner|CONTOSO\symfo" }
        Should -Invoke Invoke-PgNative -Times 1 -Exactly -ParameterFilter { ($ArgumentList -join '|') -eq "$file|/inheritance:r|/grant:r|CONTOSO\symfo:F|*S-1-5-18:F|*S-1-5-32-544:F" }
        Should -Invoke Invoke-PgNative -Times 1 -Exactly -ParameterFilter { ($ArgumentList -join '|') -eq "$file|/remove|CONTOSO\helpdesk" }
    }

    It 'does nothing to a compliant file, and nothing under -WhatIf' {
        $script:acl = @('CONTOSO\symfo:(F)', 'NT AUTHORITY\SYSTEM:(F)')
        $null = Protect-PgConfigFile -Path $file -Account 'CONTOSO\symfo' -Confirm:$false
        $script:acl = @('BUILTIN\Users:(I)(RX)', 'CONTOSO\symfo:(F)')
        $null = Protect-PgConfigFile -Path $file -Account 'CONTOSO\symfo' -WhatIf
        Should -Invoke Invoke-PgNative -Times 0 -Exactly -ParameterFilter { $ArgumentList.Count -gt 1 }
    }

    It 'fails loudly when the change did not take effect' {
        Mock Invoke-PgNative {
            if ($ArgumentList.Count -eq 1) { return [pscustomobject]@{ ExitCode = 0; Output = @("$($ArgumentList[0]) Everyone:(I)(R)", '') } }
            [pscustomobject]@{ ExitCode = 0; Output = @() }
        } -ParameterFilter { $FilePath -eq 'icacls.exe' }
        { Protect-PgConfigFile -Path $file -Account 'CONTOSO\symfo' -Confirm:$false } | Should -Throw -ErrorId 'PgCluster.ProtectNotEffective*'
    }

    It 'names a missing file' {
        { Test-PgConfigFile -Path '/nonexistent/network.conf' -Account x } | Should -Throw -ErrorId 'PgCluster.ConfigFileNotFound*'
    }
}
