# Test-/Protect-PgConfigFile against an in-memory security descriptor. The judging is the Node
# helper's (`pgcluster file-access`, tested in test/unit/windowsAcl.test.ts on output captured from
# pgcluster-acl.exe under Wine), so it is mocked here with its JSON answer; icacls and takeown are
# mocked as Microsoft documents them: icacls takes an account as a name or as *SID, and a name that
# does not resolve (a deleted account's orphaned SID has none) fails with error 1332.
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

Describe 'Test-PgConfigFile and Protect-PgConfigFile' {
    BeforeAll {
        $script:symfo = 'S-1-5-21-9-9-9-1013'
        $script:names = @{
            'S-1-5-21-9-9-9-1013' = 'CONTOSO\symfo'; 'S-1-5-21-9-9-9-1105' = 'CONTOSO\mallory'
            'S-1-5-18' = 'NT AUTHORITY\SYSTEM'; 'S-1-5-32-544' = 'BUILTIN\Administrators'; 'S-1-5-32-545' = 'BUILTIN\Users'
        }
    }

    BeforeEach {
        # Owned by mallory; SYSTEM, Administrators and Users inherited from the folder; an explicit
        # entry for a deleted account (no name any more).
        $script:sd = @{
            Owner   = 'S-1-5-21-9-9-9-1105'
            Entries = [System.Collections.ArrayList]@(
                @{ Sid = 'S-1-5-18'; Inherited = $true }, @{ Sid = 'S-1-5-32-544'; Inherited = $true },
                @{ Sid = 'S-1-5-32-545'; Inherited = $true }, @{ Sid = 'S-1-5-21-9-9-9-2000'; Inherited = $false })
        }
        Mock Invoke-PgNodeTool {
            $allowed = @($script:symfo, 'S-1-5-18', 'S-1-5-32-544')
            $named = { param($sid) [pscustomobject]@{ sid = $sid; name = "$($script:names[$sid])" } }
            $extra = @($script:sd.Entries | Where-Object { $allowed -notcontains $_.Sid } | ForEach-Object { & $named $_.Sid })
            $inherits = [bool]($script:sd.Entries | Where-Object { $_.Inherited })
            $problems = @($extra | ForEach-Object { "$($_.name) ($($_.sid)) has full control" })
            if (@($script:symfo, 'S-1-5-32-544') -notcontains $script:sd.Owner) { $problems += "it is owned by $($script:sd.Owner)" }
            if ($inherits) { $problems += 'it inherits permissions from its folder' }
            [pscustomobject]@{ ok = $true; files = @([pscustomobject]@{
                        path = $ArgumentList[4]; account = (& $named $script:symfo); owner = (& $named $script:sd.Owner)
                        compliant = ($problems.Count -eq 0); problems = $problems; extra = $extra; inherits = $inherits
                    })
            }
        } -ParameterFilter { $Tool -eq 'pgcluster' -and $ArgumentList[0] -eq 'file-access' -and $ArgumentList[2] -eq 'CONTOSO\symfo' }
        Mock Invoke-PgNative {
            $sidOf = { param($who) if ($who -match '^\*(S-1-[\d-]+)$') { $Matches[1] } else { ($script:names.GetEnumerator() | Where-Object Value -EQ $who).Name } }
            $a = @($ArgumentList)
            for ($i = 1; $i -lt $a.Count; $i++) {
                $switch = $a[$i]
                if ($switch -eq '/inheritance:r') {
                    foreach ($e in @($script:sd.Entries | Where-Object { $_.Inherited })) { $script:sd.Entries.Remove($e) }
                    continue
                }
                if ($switch -notin @('/setowner', '/grant:r', '/remove')) { continue }
                $i++
                while ($i -lt $a.Count -and -not $a[$i].StartsWith('/')) {
                    $sid = & $sidOf ($a[$i] -replace ':F$', '')
                    if (-not $sid) { return [pscustomobject]@{ ExitCode = 1332; Output = @("$($a[$i]): No mapping between account names and security IDs was done.") } }
                    if ($switch -eq '/setowner') { $script:sd.Owner = $sid }
                    else {
                        foreach ($e in @($script:sd.Entries | Where-Object { $_.Sid -eq $sid })) { $script:sd.Entries.Remove($e) }
                        if ($switch -eq '/grant:r') { $null = $script:sd.Entries.Add(@{ Sid = $sid; Inherited = $false }) }
                    }
                    $i++
                }
                $i--
            }
            [pscustomobject]@{ ExitCode = 0; Output = @('processed file: ' + $a[0], 'Successfully processed 1 files; Failed processing 0 files') }
        } -ParameterFilter { $FilePath -eq 'icacls.exe' }
        # takeown /a gives the file to Administrators; without /a to whoever runs it.
        Mock Invoke-PgNative {
            $script:sd.Owner = if ($ArgumentList -contains '/a') { 'S-1-5-32-544' } else { 'S-1-5-21-9-9-9-500' }
            [pscustomobject]@{ ExitCode = 0; Output = @('SUCCESS: The file (or folder) is now owned.') }
        } -ParameterFilter { $FilePath -eq 'takeown.exe' }
    }

    It 'reports what is wrong as the controller judges it: extra accounts by SID, owner, inheritance' {
        $r = Test-PgConfigFile -Path $file -Account 'CONTOSO\symfo'
        $r.PSObject.TypeNames[0] | Should -Be 'PgCluster.ConfigFileAccess'
        $r.Compliant | Should -BeFalse
        $r.AccountSid | Should -Be $script:symfo
        $r.Owner | Should -Be 'CONTOSO\mallory'
        $r.Inherited | Should -BeTrue
        @($r.ExtraAccount.sid) | Should -Be @('S-1-5-32-545', 'S-1-5-21-9-9-9-2000')
        $r.ExtraAccess | Should -Contain 'BUILTIN\Users (S-1-5-32-545) has full control'
        Should -Invoke Invoke-PgNodeTool -Times 1 -Exactly -ParameterFilter { ($ArgumentList -join '|') -eq "file-access|--account|CONTOSO\symfo|--file|$file" }
    }

    It 'protects by SID: takeown /a, setowner, inheritance:r with grants, removes each extra account (an orphaned SID too), then verifies' {
        $r = Protect-PgConfigFile -Path $file -Account 'CONTOSO\symfo' -Confirm:$false
        $r.Compliant | Should -BeTrue
        $script:sd.Owner | Should -Be $script:symfo
        @($script:sd.Entries.Sid | Sort-Object) | Should -Be @('S-1-5-18', 'S-1-5-21-9-9-9-1013', 'S-1-5-32-544')
        Should -Invoke Invoke-PgNative -Times 1 -Exactly -ParameterFilter { $FilePath -eq 'takeown.exe' -and ($ArgumentList -join '|') -eq "/f|$file|/a" }
        Should -Invoke Invoke-PgNative -Times 1 -Exactly -ParameterFilter { ($ArgumentList -join '|') -eq "$file|/setowner|*$($script:symfo)" }
        Should -Invoke Invoke-PgNative -Times 1 -Exactly -ParameterFilter { ($ArgumentList -join '|') -eq "$file|/inheritance:r|/grant:r|*$($script:symfo):F|*S-1-5-18:F|*S-1-5-32-544:F" }
        Should -Invoke Invoke-PgNative -Times 1 -Exactly -ParameterFilter { ($ArgumentList -join '|') -eq "$file|/remove|*S-1-5-21-9-9-9-2000" }
    }

    It 'does nothing to a compliant file, and nothing under -WhatIf' {
        $script:sd = @{ Owner = $script:symfo; Entries = [System.Collections.ArrayList]@(@{ Sid = $script:symfo; Inherited = $false }, @{ Sid = 'S-1-5-18'; Inherited = $false }) }
        $null = Protect-PgConfigFile -Path $file -Account 'CONTOSO\symfo' -Confirm:$false
        $script:sd.Entries.Add(@{ Sid = 'S-1-5-32-545'; Inherited = $true })
        $null = Protect-PgConfigFile -Path $file -Account 'CONTOSO\symfo' -WhatIf
        Should -Invoke Invoke-PgNative -Times 0 -Exactly
        $script:sd.Entries.Count | Should -Be 3
    }

    It 'fails loudly, saying what is still wrong, when the change did not take effect' {
        Mock Invoke-PgNative { [pscustomobject]@{ ExitCode = 0; Output = @('Successfully processed 1 files') } } -ParameterFilter { $FilePath -eq 'icacls.exe' }
        { Protect-PgConfigFile -Path $file -Account 'CONTOSO\symfo' -Confirm:$false } |
            Should -Throw -ErrorId 'PgCluster.ProtectNotEffective*' -ExpectedMessage '*still not private to CONTOSO\symfo*BUILTIN\Users (S-1-5-32-545) has full control*'
    }

    It 'stops at the first failing command, naming it' {
        Mock Invoke-PgNative { [pscustomobject]@{ ExitCode = 5; Output = @('Access is denied.') } } -ParameterFilter { $FilePath -eq 'takeown.exe' }
        { Protect-PgConfigFile -Path $file -Account 'CONTOSO\symfo' -Confirm:$false } |
            Should -Throw -ErrorId 'PgCluster.ProtectFailed*' -ExpectedMessage '*takeown.exe /f * /a failed (exit code 5): Access is denied.*'
        Should -Invoke Invoke-PgNative -Times 0 -Exactly -ParameterFilter { $FilePath -eq 'icacls.exe' }
    }

    It 'names a missing file' {
        { Test-PgConfigFile -Path '/nonexistent/network.conf' -Account x } | Should -Throw -ErrorId 'PgCluster.ConfigFileNotFound*'
    }
}
