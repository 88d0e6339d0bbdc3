# Register-/Unregister-/Get-PgEventSource with the registry and regsvr32 replaced by an in-memory
# Application log (the only parts that cannot exist on Linux).
BeforeAll {
    $repo = (Resolve-Path -LiteralPath "$PSScriptRoot/../../../..").ProviderPath
    Import-Module (Join-Path $repo 'ps-module/PgCluster/PgCluster.psd1') -Force
    $PSDefaultParameterValues['Mock:ModuleName'] = 'PgCluster'
    $PSDefaultParameterValues['Should:ModuleName'] = 'PgCluster'
    $script:dll = Join-Path ([System.IO.Path]::GetTempPath()) 'pgevent-test.dll'
    Set-Content -LiteralPath $script:dll -Value 'not a real dll'
    $script:oldDll = 'C:\Program Files\PostgreSQL\15\lib\pgevent.dll'
}

AfterAll {
    Remove-Item -LiteralPath $script:dll -Force -ErrorAction SilentlyContinue
    Remove-Module PgCluster -Force -ErrorAction SilentlyContinue
}

Describe 'Event sources' {
    BeforeEach {
        $script:log = @{}
        $script:memory = @{}
        Mock Get-PgRegistryKey {
            if ($Path -eq 'HKLM\SOFTWARE\PgCluster\EventSources') {
                if ($script:memory.Count) { return $script:memory.Clone() }
                return $null
            }
            $name = $Path.Substring($Path.LastIndexOf('\') + 1)
            if ($script:log.ContainsKey($name)) { return @{ EventMessageFile = $script:log[$name]; TypesSupported = 7 } }
            return $null
        }
        Mock Set-PgRegistryValue {
            if (-not $PSBoundParameters.ContainsKey('Value')) { $script:memory.Remove($Name) } else { $script:memory[$Name] = $Value }
        }
        # regsvr32 as pgevent.dll's DllInstall does it: /i registers the name, /u removes it.
        Mock Invoke-PgNative {
            $name = ($ArgumentList | Where-Object { $_ -like '/i:*' }).Substring(3)
            if ($ArgumentList -contains '/u') { $script:log.Remove($name) } else { $script:log[$name] = $ArgumentList[-1] }
            [pscustomobject]@{ ExitCode = 0; Output = @() }
        } -ParameterFilter { $FilePath -eq 'regsvr32.exe' }
    }

    It 'registers with /s /n /i:"name" and reads the registration back' {
        $r = Register-PgEventSource -Name 'Mirroring Controller inst1' -DllPath $dll -Confirm:$false
        $r.PSObject.TypeNames[0] | Should -Be 'PgCluster.EventSource'
        $r.Registered | Should -BeTrue
        $r.MessageFile | Should -Be $dll
        $r.TypesSupported | Should -Be 7
        Should -Invoke Invoke-PgNative -Times 1 -Exactly -ParameterFilter {
            $FilePath -eq 'regsvr32.exe' -and ($ArgumentList -join '|') -eq "/s|/n|/i:Mirroring Controller inst1|$dll"
        }
    }

    It 'is idempotent: the same DLL again changes nothing' {
        $script:log['inst1'] = $dll
        $null = Register-PgEventSource -Name 'inst1' -DllPath $dll -Confirm:$false
        Should -Invoke Invoke-PgNative -Times 0 -Exactly
    }

    It '-WhatIf registers nothing' {
        $null = 'a', 'b' | Register-PgEventSource -DllPath $dll -WhatIf
        Should -Invoke Invoke-PgNative -Times 0 -Exactly
        $script:log.Count | Should -Be 0
    }

    It 'remembers another version''s registration and gives it back on unregister' {
        $script:log['MirroringControllerOpen'] = $oldDll
        $null = Register-PgEventSource -Name 'MirroringControllerOpen' -DllPath $dll -Confirm:$false
        $script:memory['MirroringControllerOpen'] | Should -Be $oldDll
        (Get-PgEventSource -Name 'MirroringControllerOpen').PreviousMessageFile | Should -Be $oldDll
        $after = Unregister-PgEventSource -Name 'MirroringControllerOpen' -Confirm:$false
        $after.MessageFile | Should -Be $oldDll
        $script:memory.ContainsKey('MirroringControllerOpen') | Should -BeFalse
    }

    It 'unregisters with /s /u /i:"name" and is harmless when already gone' {
        $script:log['inst1'] = $dll
        $after = Unregister-PgEventSource -Name 'inst1' -Confirm:$false
        $after.Registered | Should -BeFalse
        Should -Invoke Invoke-PgNative -Times 1 -Exactly -ParameterFilter { ($ArgumentList -join '|') -eq "/s|/u|/i:inst1|$dll" }
        $null = Unregister-PgEventSource -Name 'inst1' -Confirm:$false
        Should -Invoke Invoke-PgNative -Times 1 -Exactly
    }

    It 'fails with a clear error when the DLL does not exist' {
        { Register-PgEventSource -Name x -DllPath 'C:\nowhere\pgevent.dll' -Confirm:$false } |
            Should -Throw -ErrorId 'PgCluster.EventDllNotFound*'
    }

    It 'fails when regsvr32 leaves the source unregistered' {
        Mock Invoke-PgNative { [pscustomobject]@{ ExitCode = 5; Output = @() } } -ParameterFilter { $FilePath -eq 'regsvr32.exe' }
        { Register-PgEventSource -Name x -DllPath $dll -Confirm:$false } | Should -Throw -ErrorId 'PgCluster.EventSourceRegisterFailed*'
    }
}
