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
    Remove-Variable -Name pgcEvLog, pgcEvMemory -Scope Global -ErrorAction SilentlyContinue
}

Describe 'Event sources' {
    BeforeEach {
        $global:pgcEvLog = @{}
        $global:pgcEvMemory = @{}
        Mock Get-PgRegistryKey {
            if ($Path -eq 'HKLM\SOFTWARE\PgCluster\EventSources') {
                if ($global:pgcEvMemory.Count) { return $global:pgcEvMemory.Clone() }
                return $null
            }
            $name = $Path.Substring($Path.LastIndexOf('\') + 1)
            if ($global:pgcEvLog.ContainsKey($name)) { return @{ EventMessageFile = $global:pgcEvLog[$name]; TypesSupported = 7 } }
            return $null
        }
        Mock Set-PgRegistryValue {
            # Only the parameters given exist as variables here (strict mode): -Remove has no -Value.
            $given = Get-Variable -Name Value -ValueOnly -ErrorAction SilentlyContinue
            if ($null -eq $given) { $global:pgcEvMemory.Remove($Name) } else { $global:pgcEvMemory[$Name] = $given }
        }
        # regsvr32 as pgevent.dll's DllInstall does it: /i registers the name, /u removes it.
        Mock Invoke-PgNative {
            $name = ($ArgumentList | Where-Object { $_ -like '/i:*' }).Substring(3)
            if ($ArgumentList -contains '/u') { $global:pgcEvLog.Remove($name) } else { $global:pgcEvLog[$name] = $ArgumentList[-1] }
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
        $global:pgcEvLog['inst1'] = $dll
        $null = Register-PgEventSource -Name 'inst1' -DllPath $dll -Confirm:$false
        Should -Invoke Invoke-PgNative -Times 0 -Exactly
    }

    It '-WhatIf registers nothing' {
        $null = 'a', 'b' | Register-PgEventSource -DllPath $dll -WhatIf
        Should -Invoke Invoke-PgNative -Times 0 -Exactly
        $global:pgcEvLog.Count | Should -Be 0
    }

    It 'remembers another version''s registration and gives it back on unregister' {
        $global:pgcEvLog['MirroringControllerOpen'] = $oldDll
        $null = Register-PgEventSource -Name 'MirroringControllerOpen' -DllPath $dll -Confirm:$false
        $global:pgcEvMemory['MirroringControllerOpen'] | Should -Be $oldDll
        (Get-PgEventSource -Name 'MirroringControllerOpen').PreviousMessageFile | Should -Be $oldDll
        $after = Unregister-PgEventSource -Name 'MirroringControllerOpen' -Confirm:$false
        $after.MessageFile | Should -Be $oldDll
        $global:pgcEvMemory.ContainsKey('MirroringControllerOpen') | Should -BeFalse
    }

    It 'unregisters with /s /u /i:"name" and is harmless when already gone' {
        $global:pgcEvLog['inst1'] = $dll
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
