# Register-PgArbiterService / Unregister-PgArbiterService: the plan comes from mc_arbiter plan
# (its --json answer, as src/cli/mc_arbiter.ts prints it), pgcluster-scm.exe is an in-memory
# service table answering in the tool's format (as in Service.Tests.ps1), and sc.exe reports the
# service running until it is stopped.
BeforeAll {
    $repo = (Resolve-Path -LiteralPath "$PSScriptRoot/../../../..").ProviderPath
    Import-Module (Join-Path $repo 'ps-module/PgCluster/PgCluster.psd1') -Force
    $PSDefaultParameterValues['Mock:ModuleName'] = 'PgCluster'
    $PSDefaultParameterValues['Should:ModuleName'] = 'PgCluster'
    $password = ConvertTo-SecureString -String 's3cret' -AsPlainText -Force
    $script:cred = [System.Management.Automation.PSCredential]::new('CONTOSO\pgarb', $password)
}

AfterAll {
    Remove-Module PgCluster -Force -ErrorAction SilentlyContinue
}

Describe 'The arbiter service' {
    BeforeEach {
        $script:services = @{}
        $script:requests = @()
        $script:running = @{}
        $script:granted = @{}
        $script:sids = @{ 'contoso\pgarb' = 'S-1-5-21-1-2-3-1107'; 'contoso\pgsvc$' = 'S-1-5-21-1-2-3-2001' }
        Mock Get-PgHelperPath { "C:\pgc\bin\$Name" }
        Mock Resolve-PgAccountSid {
            $sid = $script:sids[$Account.ToLowerInvariant()]
            if (-not $sid) { throw "no such account: $Account" }
            $sid
        }
        Mock Test-PgServiceLogonRight { [pscustomobject]@{ Account = $Account; Granted = [bool]$script:granted["$Account"] } }
        Mock Grant-PgServiceLogonRight { $script:granted["$Account"] = $true }
        # What mc_arbiter plan -M D:\arbiter --target windows --account <a> --json answers.
        Mock Invoke-PgNodeTool {
            $at = { param($name) $ArgumentList[([array]::IndexOf($ArgumentList, $name)) + 1] }
            $account = & $at '--account'
            $name = 'mc_arbiter_arb'
            if ($ArgumentList -contains '--service-name') { $name = & $at '--service-name' }
            $start = & $at '--start-type'
            $dir = & $at '-M'
            $json = @{
                ok    = $true
                plan  = @{
                    title      = "arbiter arb service ($dir)"
                    target     = 'windows'
                    operations = @(
                        @{ kind = 'logonRight.grant'; account = $account },
                        @{ kind = 'service.arbiter'; name = $name; description = "PgCluster arbiter arb ($dir)"; account = $account
                            command = @('C:\pgc\node\node.exe', 'C:\pgc\app\bin\mc_arbiter.js', 'run', '-M', $dir)
                            stopCommand = @('C:\pgc\node\node.exe', 'C:\pgc\app\bin\mc_arbiter.js', 'stop', '-M', $dir); start = $start })
                    notes      = @()
                }
                steps = @(
                    @{ id = "logonRight.grant:$account"; target = $account; action = 'grant "Log on as a service"'; undo = 'keep' },
                    @{ id = "service.arbiter:$name"; target = "service `"$name`""; action = "register the arbiter ($start start, runs as $account)"; undo = 'remove' })
            } | ConvertTo-Json -Depth 8
            $json | ConvertFrom-Json
        }
        function script:Format-Tool([hashtable] $svc) {
            $esc = { param($v) [Uri]::EscapeDataString([string]$v) -replace '%20', ' ' -replace '%5C', '\' -replace '%22', '"' -replace '%3A', ':' }
            @("name`t$($svc.name)", "display`t$(& $esc $svc.display)", "binpath`t$(& $esc $svc.binpath)", "start`t$($svc.start)",
                "type`t16", "account`t$(& $esc $svc.account)", "accountsid`t$($script:sids[([string]$svc.account).ToLowerInvariant()])",
                "description`t$(& $esc $svc.description)")
        }
        Mock Invoke-PgNative {
            if ($ArgumentList[0] -eq 'query') {
                $svc = $script:services[$ArgumentList[1]]
                if (-not $svc) { return [pscustomobject]@{ ExitCode = 2; StdOut = @("error`t1060`t$($ArgumentList[1]): Service does not exist.  "); Output = @() } }
                return [pscustomobject]@{ ExitCode = 0; StdOut = @(Format-Tool $svc); Output = @() }
            }
            $req = @{}
            foreach ($line in $StandardInput) { $k, $v = $line -split "`t", 2; $req[$k] = [Uri]::UnescapeDataString($v) }
            $script:requests += , $req
            $svc = $script:services[$req.name]
            if (-not $svc) {
                $svc = @{ name = $req.name; display = $req.name; account = 'LocalSystem'; description = '' }
                $script:services[$req.name] = $svc
            }
            foreach ($k in @('binpath', 'display', 'start', 'account', 'description')) { if ($req.ContainsKey($k)) { $svc[$k] = $req[$k] } }
            [pscustomobject]@{ ExitCode = 0; StdOut = @(Format-Tool $svc); Output = @() }
        } -ParameterFilter { $FilePath -eq 'C:\pgc\bin\pgcluster-scm.exe' }
        # sc.exe: a service in $running is RUNNING until sc.exe stop; delete removes it.
        Mock Invoke-PgNative {
            $n = $ArgumentList[1]
            switch ($ArgumentList[0]) {
                'query' {
                    $state = '1  STOPPED'
                    if ($script:running[$n]) { $state = '4  RUNNING' }
                    return [pscustomobject]@{ ExitCode = 0; Output = @("SERVICE_NAME: $n", "        STATE              : $state") }
                }
                'stop' { $script:running.Remove($n); return [pscustomobject]@{ ExitCode = 0; Output = @('STATE : 3  STOP_PENDING') } }
                default { $script:services.Remove($n); return [pscustomobject]@{ ExitCode = 0; Output = @('[SC] DeleteService SUCCESS') } }
            }
        } -ParameterFilter { $FilePath -eq 'sc.exe' }
    }

    It 'Register-PgArbiterService grants the logon right and creates the service host running mc_arbiter run; again it changes nothing' {
        $steps = @(Register-PgArbiterService -ConfigPath 'D:\arbiter' -Credential $cred -Force)
        ($steps | ForEach-Object { "$($_.Kind) $($_.Outcome)" }) | Should -Be @('logonRight.grant created', 'service.arbiter created')
        Should -Invoke Invoke-PgNodeTool -Times 1 -Exactly -ParameterFilter {
            $Tool -eq 'mc_arbiter' -and ($ArgumentList -join '|') -eq 'plan|-M|D:\arbiter|--target|windows|--account|CONTOSO\pgarb|--start-type|auto'
        }
        $script:requests.Count | Should -Be 1
        $r = $script:requests[0]
        $r.name | Should -Be 'mc_arbiter_arb'
        $r.binpath | Should -BeExactly ('"C:\pgc\bin\pgcluster-service.exe" "--stop-command" ' +
            '"\"C:\pgc\node\node.exe\" \"C:\pgc\app\bin\mc_arbiter.js\" \"stop\" \"-M\" \"D:\arbiter\"" "--" ' +
            '"C:\pgc\node\node.exe" "C:\pgc\app\bin\mc_arbiter.js" "run" "-M" "D:\arbiter"')
        $r.start | Should -Be 'auto'
        $r.account | Should -Be 'CONTOSO\pgarb'
        $r.password | Should -BeExactly 's3cret'
        $again = @(Register-PgArbiterService -ConfigPath 'D:\arbiter' -Credential $cred -Force)
        ($again | ForEach-Object { $_.Outcome }) | Should -Be @('unchanged', 'unchanged')
        $script:requests.Count | Should -Be 1
        # A changed start type is corrected in place.
        $changed = @(Register-PgArbiterService -ConfigPath 'D:\arbiter' -Credential $cred -StartMode Demand -Force)
        $changed[1].Outcome | Should -Be 'changed'
        $script:services['mc_arbiter_arb'].start | Should -Be 'demand'
    }

    It 'takes -ServiceName, sends no password for a gMSA, and changes nothing with -WhatIf' {
        $null = Register-PgArbiterService -ConfigPath 'D:\arbiter' -ServiceName 'pair1-arbiter' -Credential $cred -WhatIf
        $script:services.Count | Should -Be 0
        $script:granted.Count | Should -Be 0
        $gmsa = [System.Management.Automation.PSCredential]::new('CONTOSO\pgsvc$', [System.Security.SecureString]::new())
        $steps = @(Register-PgArbiterService -ConfigPath 'D:\arbiter' -ServiceName 'pair1-arbiter' -Credential $gmsa -Force)
        $steps[1].Target | Should -Be 'service "pair1-arbiter"'
        $script:requests[0].ContainsKey('password') | Should -BeFalse
        $script:services['pair1-arbiter'].account | Should -Be 'CONTOSO\pgsvc$'
        Should -Invoke Invoke-PgNodeTool -ParameterFilter { ($ArgumentList -join '|') -like '*|--service-name|pair1-arbiter' }
    }

    It 'Unregister-PgArbiterService stops a running service, deletes it, keeps the logon right, and is harmless again' {
        $null = Register-PgArbiterService -ConfigPath 'D:\arbiter' -Credential $cred -Force
        $script:running['mc_arbiter_arb'] = $true
        Mock Resolve-PgAccount { 'CONTOSO\pgarb' }
        $steps = @(Unregister-PgArbiterService -ConfigPath 'D:\arbiter' -Force)
        ($steps | ForEach-Object { "$($_.Kind) $($_.Outcome)" }) | Should -Be @('service.arbiter removed', 'logonRight.grant kept')
        Should -Invoke Invoke-PgNative -Times 1 -Exactly -ParameterFilter { $FilePath -eq 'sc.exe' -and ($ArgumentList -join '|') -eq 'stop|mc_arbiter_arb' }
        $script:services.ContainsKey('mc_arbiter_arb') | Should -BeFalse
        $script:granted['CONTOSO\pgarb'] | Should -BeTrue
        $again = @(Unregister-PgArbiterService -ConfigPath 'D:\arbiter' -Force)
        $again[0].Outcome | Should -Be 'absent'
    }

    It 'Unregister-PgArbiterService with -WhatIf neither stops nor deletes' {
        $null = Register-PgArbiterService -ConfigPath 'D:\arbiter' -Credential $cred -Force
        $script:running['mc_arbiter_arb'] = $true
        $null = Unregister-PgArbiterService -ConfigPath 'D:\arbiter' -WhatIf
        Should -Invoke Invoke-PgNative -Times 0 -Exactly -ParameterFilter { $FilePath -eq 'sc.exe' -and $ArgumentList[0] -ne 'query' }
        $script:services.ContainsKey('mc_arbiter_arb') | Should -BeTrue
    }

    It 'says so when the service reads back otherwise than set, and names the arbiter cmdlet in the hint' {
        # A Group Policy that holds the start type at demand.
        Mock Invoke-PgNative { [pscustomobject]@{ ExitCode = 0; StdOut = @("name`tmc_arbiter_arb", "start`tdemand", "binpath`tx"); Output = @() } } -ParameterFilter { $StandardInput }
        { Register-PgArbiterService -ConfigPath 'D:\arbiter' -Credential $cred -Force } |
            Should -Throw -ErrorId 'PgCluster.ServiceNotAsSet*' -ExpectedMessage '*reads back as Demand start*Register-PgArbiterService again*'
    }

    It 'a controller service that runs is still refused, not stopped' {
        InModuleScope PgCluster -Parameters @{ services = $script:services; running = $script:running } {
            param($services, $running)
            $services['MC_s1'] = @{ name = 'MC_s1'; display = 'MC_s1'; start = 'demand'; binpath = 'x'; account = 'CONTOSO\pgarb'; description = '' }
            $running['MC_s1'] = $true
            $op = [pscustomobject]@{ kind = 'service.mirroring'; name = 'MC_s1' }
            { Invoke-PgOperation -Operation $op -Action Undo -Confirm:$false } | Should -Throw -ErrorId 'PgCluster.ServiceRunning*' -ExpectedMessage "*'MC_s1' is running*"
        }
        Should -Invoke Invoke-PgNative -Times 0 -Exactly -ParameterFilter { $FilePath -eq 'sc.exe' -and $ArgumentList[0] -eq 'stop' }
    }
}
