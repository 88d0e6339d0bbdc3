# Get-PgService / Set-PgServiceStartMode / instance and controller services. sc.exe and pg_ctl.exe
# are replaced by an in-memory service table that prints `sc qc` in its real layout.
BeforeAll {
    $repo = (Resolve-Path -LiteralPath "$PSScriptRoot/../../../..").ProviderPath
    Import-Module (Join-Path $repo 'ps-module/PgCluster/PgCluster.psd1') -Force
    $PSDefaultParameterValues['Mock:ModuleName'] = 'PgCluster'
    $PSDefaultParameterValues['Should:ModuleName'] = 'PgCluster'
    $password = ConvertTo-SecureString -String 's3cret' -AsPlainText -Force
    $script:cred = [System.Management.Automation.PSCredential]::new('CONTOSO\symfo', $password)

    function global:Format-ScQc([hashtable] $s) {
        $codes = @{ auto = '2   AUTO_START'; demand = '3   DEMAND_START'; disabled = '4   DISABLED' }
        @('[SC] QueryServiceConfig SUCCESS', '', "SERVICE_NAME: $($s.Name)",
            '        TYPE               : 10  WIN32_OWN_PROCESS',
            "        START_TYPE         : $($codes[$s.Start])",
            '        ERROR_CONTROL      : 1   NORMAL',
            "        BINARY_PATH_NAME   : $($s.BinPath)",
            '        LOAD_ORDER_GROUP   :', '        TAG                : 0',
            "        DISPLAY_NAME       : $($s.Name)",
            '        DEPENDENCIES       : RPCSS',
            "        SERVICE_START_NAME : $($s.Account)")
    }
}

AfterAll {
    Remove-Item -Path function:global:Format-ScQc -ErrorAction SilentlyContinue
    Remove-Module PgCluster -Force -ErrorAction SilentlyContinue
}

Describe 'ConvertFrom-PgScQcOutput' {
    It 'parses a real sc qc answer, including continued dependencies' {
        InModuleScope PgCluster {
            $lines = @(
                '[SC] QueryServiceConfig SUCCESS', '',
                'SERVICE_NAME: wuauserv',
                '        TYPE               : 20  WIN32_SHARE_PROCESS',
                '        START_TYPE         : 3   DEMAND_START',
                '        ERROR_CONTROL      : 1   NORMAL',
                '        BINARY_PATH_NAME   : C:\WINDOWS\system32\svchost.exe -k netsvcs -p',
                '        LOAD_ORDER_GROUP   :',
                '        TAG                : 0',
                '        DISPLAY_NAME       : Windows Update',
                '        DEPENDENCIES       : rpcss',
                '                           : Tcpip',
                '        SERVICE_START_NAME : LocalSystem')
            $s = ConvertFrom-PgScQcOutput -Line $lines
            $s.Name | Should -Be 'wuauserv'
            $s.StartType | Should -Be 'Demand'
            $s.ServiceType | Should -Be 'WIN32_SHARE_PROCESS'
            $s.BinaryPath | Should -Be 'C:\WINDOWS\system32\svchost.exe -k netsvcs -p'
            $s.Dependencies | Should -Be @('rpcss', 'Tcpip')
            $s.Account | Should -Be 'LocalSystem'
        }
    }

    It 'knows delayed automatic start' {
        InModuleScope PgCluster {
            $s = ConvertFrom-PgScQcOutput -Line @('SERVICE_NAME: x', '        START_TYPE         : 2   AUTO_START  (DELAYED)')
            $s.StartType | Should -Be 'Auto'
            $s.DelayedStart | Should -BeTrue
        }
    }

    It 'refuses output that is not sc qc' {
        InModuleScope PgCluster { { ConvertFrom-PgScQcOutput -Line @('[SC] OpenService FAILED 5:', 'Access is denied.') } | Should -Throw }
    }
}

Describe 'Join-PgCommandLine' {
    It 'quotes every argument so that Windows reads the same arguments back' {
        InModuleScope PgCluster {
            Join-PgCommandLine -Argument @('C:\Program Files\nodejs\node.exe', '-M', 'D:\mc dir\', 'say "hi"') |
                Should -Be '"C:\Program Files\nodejs\node.exe" "-M" "D:\mc dir\\" "say \"hi\""'
        }
    }
}

Describe 'Windows services' {
    BeforeEach {
        $script:services = @{}
        Mock Invoke-PgNative {
            $verb = $ArgumentList[0]
            $name = $ArgumentList[1]
            $opts = @{}
            for ($i = 2; $i + 1 -lt $ArgumentList.Count; $i += 2) { $opts[$ArgumentList[$i]] = $ArgumentList[$i + 1] }
            switch ($verb) {
                'qc' {
                    if (-not $script:services.ContainsKey($name)) { return [pscustomobject]@{ ExitCode = 1060; Output = @('[SC] OpenService FAILED 1060:') } }
                    return [pscustomobject]@{ ExitCode = 0; Output = @(Format-ScQc $script:services[$name]) }
                }
                'create' { $script:services[$name] = @{ Name = $name; Start = $opts['start=']; BinPath = $opts['binPath=']; Account = $opts['obj='] } }
                'config' {
                    if ($opts['start=']) { $script:services[$name].Start = $opts['start='] }
                    if ($opts['binPath=']) { $script:services[$name].BinPath = $opts['binPath='] }
                }
                'query' { return [pscustomobject]@{ ExitCode = 0; Output = @("SERVICE_NAME: $name", '        STATE              : 1  STOPPED') } }
                'delete' { $script:services.Remove($name) }
            }
            [pscustomobject]@{ ExitCode = 0; Output = @('[SC] SUCCESS') }
        } -ParameterFilter { $FilePath -eq 'sc.exe' }
        Mock Invoke-PgNative {
            $n = $ArgumentList[([array]::IndexOf($ArgumentList, '-N')) + 1]
            if ($ArgumentList[0] -eq 'register') {
                $d = $ArgumentList[([array]::IndexOf($ArgumentList, '-D')) + 1]
                $script:services[$n] = @{ Name = $n; Start = 'demand'; BinPath = "`"C:\pg\bin\pg_ctl.exe`" runservice -N `"$n`" -D `"$d`" -w"; Account = '.\symfo' }
            }
            else { $script:services.Remove($n) }
            [pscustomobject]@{ ExitCode = 0; Output = @() }
        } -ParameterFilter { $FilePath -like '*pg_ctl.exe' }
    }

    It 'Get-PgService returns nothing for a missing service and an object for a present one' {
        Get-PgService -Name nothere | Should -BeNullOrEmpty
        $script:services['inst1'] = @{ Name = 'inst1'; Start = 'demand'; BinPath = 'x'; Account = '.\symfo' }
        $s = 'inst1' | Get-PgService
        $s.PSObject.TypeNames[0] | Should -Be 'PgCluster.Service'
        $s.StartType | Should -Be 'Demand'
        Should -Invoke Invoke-PgNative -ParameterFilter { ($ArgumentList -join '|') -eq 'qc|inst1|8192' }
    }

    It 'Set-PgServiceStartMode runs sc.exe config with start= auto only when needed' {
        $script:services['mc1'] = @{ Name = 'mc1'; Start = 'demand'; BinPath = 'x'; Account = '.\symfo' }
        (Set-PgServiceStartMode -Name mc1 -StartMode Auto -Confirm:$false).StartType | Should -Be 'Auto'
        $null = Set-PgServiceStartMode -Name mc1 -StartMode Auto -Confirm:$false
        Should -Invoke Invoke-PgNative -Times 1 -Exactly -ParameterFilter { ($ArgumentList -join '|') -eq 'config|mc1|start=|auto' }
        { Set-PgServiceStartMode -Name nothere -StartMode Auto -Confirm:$false } | Should -Throw -ErrorId 'PgCluster.ServiceNotFound*'
    }

    It 'Register-PgInstanceService runs pg_ctl register -S demand -w once, and refuses a foreign service of that name' {
        $s = Register-PgInstanceService -Name inst1 -DataDirectory 'D:\database\inst1' -Credential $cred -PgCtlPath 'C:\pg\bin\pg_ctl.exe' -Confirm:$false
        $s.StartType | Should -Be 'Demand'
        Should -Invoke Invoke-PgNative -Times 1 -Exactly -ParameterFilter {
            ($ArgumentList -join '|') -eq 'register|-N|inst1|-D|D:\database\inst1|-U|CONTOSO\symfo|-P|s3cret|-S|demand|-w'
        }
        $null = Register-PgInstanceService -Name inst1 -DataDirectory 'D:\database\inst1' -Credential $cred -PgCtlPath 'C:\pg\bin\pg_ctl.exe' -Confirm:$false
        Should -Invoke Invoke-PgNative -Times 1 -Exactly -ParameterFilter { $ArgumentList[0] -eq 'register' }
        { Register-PgInstanceService -Name inst1 -DataDirectory 'E:\other' -Credential $cred -PgCtlPath 'C:\pg\bin\pg_ctl.exe' -Confirm:$false } |
            Should -Throw -ErrorId 'PgCluster.ServiceNameTaken*'
    }

    It 'Unregister-PgInstanceService removes only pg_ctl services and tolerates a missing one' {
        $script:services['other'] = @{ Name = 'other'; Start = 'auto'; BinPath = 'C:\x.exe'; Account = 'LocalSystem' }
        { Unregister-PgInstanceService -Name other -PgCtlPath 'C:\pg\bin\pg_ctl.exe' -Confirm:$false } | Should -Throw -ErrorId 'PgCluster.NotAnInstanceService*'
        Unregister-PgInstanceService -Name nothere -PgCtlPath 'C:\pg\bin\pg_ctl.exe' -Confirm:$false
        Should -Invoke Invoke-PgNative -Times 0 -Exactly -ParameterFilter { $ArgumentList[0] -eq 'unregister' }
    }

    It 'the controller service is created with sc.exe create through the service host, then deleted' {
        Mock Get-PgServiceHostPath { 'C:\Program Files\PgCluster\app\bin\pgcluster-service.exe' }
        InModuleScope PgCluster -Parameters @{ cred = $cred } {
            param($cred)
            $op = [pscustomobject]@{ kind = 'service.mirroring'; name = 'Mirroring_Controller_server1'; description = 'PgCluster MC server1'
                account = 'CONTOSO\symfo'; command = @('C:\node\node.exe', 'C:\app\main.js', '-M', 'D:\mc'); stopCommand = @('C:\node\node.exe', 'C:\app\mc_ctl.js', 'stop'); start = 'auto' }
            (Invoke-PgOperation -Operation $op -Action Test).State | Should -Be 'absent'
            Invoke-PgOperation -Operation $op -Action Set -Credential $cred -Confirm:$false
            (Invoke-PgOperation -Operation $op -Action Test).State | Should -Be 'present'
            $op.start = 'demand'
            (Invoke-PgOperation -Operation $op -Action Test).State | Should -Be 'different'
            $op.start = 'auto'
            Invoke-PgOperation -Operation $op -Action Undo -Confirm:$false
            (Invoke-PgOperation -Operation $op -Action Test).State | Should -Be 'absent'
            { Invoke-PgOperation -Operation $op -Action Set -Confirm:$false } | Should -Throw '*needs the password*'
        }
        Should -Invoke Invoke-PgNative -Times 1 -Exactly -ParameterFilter {
            $ArgumentList[0] -eq 'create' -and $ArgumentList[1] -eq 'Mirroring_Controller_server1' -and
            $ArgumentList[3] -like '"C:\Program Files\PgCluster\app\bin\pgcluster-service.exe" "--stop-command" *"--" "C:\node\node.exe" "C:\app\main.js" "-M" "D:\mc"' -and
            ($ArgumentList[4..9] -join '|') -eq 'start=|auto|obj=|CONTOSO\symfo|password=|s3cret'
        }
    }
}
