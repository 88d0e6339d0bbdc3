# Add-/Remove-/Get-PgFirewallRule against an in-memory firewall behind the NetSecurity cmdlets
# (Windows-only; stubbed here so they can be mocked), and Register-/Unregister-PgMirroringService
# through the real Node helper's plan.
BeforeAll {
    $repo = (Resolve-Path -LiteralPath "$PSScriptRoot/../../../..").ProviderPath
    $stubs = Join-Path $repo 'test/powershell/Stubs/NetSecurity.stubs.psm1'
    Import-Module $stubs -Force
    Import-Module (Join-Path $repo 'ps-module/PgCluster/PgCluster.psd1') -Force
    $PSDefaultParameterValues['Mock:ModuleName'] = 'PgCluster'
    $PSDefaultParameterValues['Should:ModuleName'] = 'PgCluster'
}

AfterAll {
    Remove-Module PgCluster -Force -ErrorAction SilentlyContinue
}

Describe 'Firewall rules' {
    BeforeEach {
        $script:rules = @{}
        # -Name is [string[]] in the real cmdlets; piped rules bind to -AssociatedNetFirewallRule, a
        # CimInstance that cannot exist on Linux, hence -RemoveParameterType.
        Mock Get-NetFirewallRule { foreach ($n in $Name) { if ($script:rules.ContainsKey($n)) { [pscustomobject]$script:rules[$n] } } }
        Mock Get-NetFirewallPortFilter -RemoveParameterType AssociatedNetFirewallRule {
            [pscustomobject]@{ Protocol = $script:rules[$AssociatedNetFirewallRule.Name].Protocol; LocalPort = $script:rules[$AssociatedNetFirewallRule.Name].LocalPort }
        }
        Mock New-NetFirewallRule {
            $script:rules[$Name] = @{ Name = $Name; DisplayName = $DisplayName; Enabled = 'True'; Direction = 'Inbound'; Action = 'Allow'; Protocol = 'TCP'; LocalPort = "$LocalPort" }
        }
        Mock Set-NetFirewallRule { foreach ($n in $Name) { $script:rules[$n].LocalPort = "$LocalPort"; $script:rules[$n].Enabled = 'True' } }
        Mock Remove-NetFirewallRule { foreach ($n in $Name) { $script:rules.Remove($n) } }
    }

    It 'adds an inbound TCP rule by unique name in group PgCluster, once' {
        $r = Add-PgFirewallRule -Name 'PgCluster-MC-server1-TCP-In' -Port 27540 -DisplayName 'PgCluster MC server1' -Confirm:$false
        $r.PSObject.TypeNames[0] | Should -Be 'PgCluster.FirewallRule'
        $r.LocalPort | Should -Be '27540'
        $null = Add-PgFirewallRule -Name 'PgCluster-MC-server1-TCP-In' -Port 27540 -Confirm:$false
        Should -Invoke New-NetFirewallRule -Times 1 -Exactly -ParameterFilter {
            $Group -eq 'PgCluster' -and $Direction -eq 'Inbound' -and $Protocol -eq 'TCP' -and $LocalPort -eq 27540 -and $Action -eq 'Allow'
        }
        Should -Invoke Set-NetFirewallRule -Times 0 -Exactly
    }

    It 'corrects a drifted port instead of adding a duplicate' {
        $null = Add-PgFirewallRule -Name r1 -Port 1000 -Confirm:$false
        (Add-PgFirewallRule -Name r1 -Port 2000 -Confirm:$false).LocalPort | Should -Be '2000'
        Should -Invoke New-NetFirewallRule -Times 1 -Exactly
        Should -Invoke Set-NetFirewallRule -Times 1 -Exactly
    }

    It '-WhatIf adds nothing; removing twice is harmless' {
        $null = Add-PgFirewallRule -Name r2 -Port 3000 -WhatIf
        Get-PgFirewallRule -Name r2 | Should -BeNullOrEmpty
        $null = Add-PgFirewallRule -Name r2 -Port 3000 -Confirm:$false
        Remove-PgFirewallRule -Name r2 -Confirm:$false
        Remove-PgFirewallRule -Name r2 -Confirm:$false
        Should -Invoke Remove-NetFirewallRule -Times 1 -Exactly
    }
}

Describe 'Register-/Unregister-PgMirroringService' {
    BeforeAll {
        $script:mcDir = Join-Path ([System.IO.Path]::GetTempPath()) ("pgc-fw-" + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $script:mcDir
        Set-Content -LiteralPath (Join-Path $script:mcDir 'network.conf') -Value "server1 127.0.0.1 27540`nserver2 127.0.0.1 27541"
        Set-Content -LiteralPath (Join-Path $script:mcDir 'server1.conf') -Value "db_instance = '/nonexistent/data'"
        if (-not $IsWindows) { & chmod 600 (Join-Path $script:mcDir 'network.conf') (Join-Path $script:mcDir 'server1.conf') }
        $password = ConvertTo-SecureString -String 'pw' -AsPlainText -Force
        $script:cred = [System.Management.Automation.PSCredential]::new('CONTOSO\symfo', $password)
    }
    AfterAll { Remove-Item -LiteralPath $script:mcDir -Recurse -Force -ErrorAction SilentlyContinue }

    It 'applies only the service.mirroring operation of the plan, and undoes only it' {
        Mock Invoke-PgOperation { [pscustomobject]@{ State = 'absent'; Detail = $null } } -ParameterFilter { $Action -eq 'Test' }
        Mock Invoke-PgOperation { } -ParameterFilter { $Action -ne 'Test' }
        $steps = @(Register-PgMirroringService -ConfigPath $script:mcDir -LocalServer server1 -Credential $script:cred -StartMode Auto -Failover -Force)
        $steps.Count | Should -Be 1
        $steps[0].Outcome | Should -Be 'created'
        Should -Invoke Invoke-PgOperation -Times 1 -Exactly -ParameterFilter {
            $Action -eq 'Set' -and $Operation.kind -eq 'service.mirroring' -and $Operation.start -eq 'auto' -and ($Operation.command -contains '-f')
        }
        Mock Invoke-PgOperation { [pscustomobject]@{ State = 'present'; Detail = $null } } -ParameterFilter { $Action -eq 'Test' }
        $undo = @(Unregister-PgMirroringService -ConfigPath $script:mcDir -LocalServer server1 -Force)
        $undo[0].Outcome | Should -Be 'removed'
        Should -Invoke Invoke-PgOperation -Times 1 -Exactly -ParameterFilter { $Action -eq 'Undo' -and $Operation.kind -eq 'service.mirroring' }
    }
}
