function Invoke-PgOperation {
    <#
    .SYNOPSIS
        The Windows executor of one planned operation (src/plan/operations.ts): Test returns
        present / different / absent, Set makes it true, Undo removes it. Each kind is carried out
        by the module's public cmdlet for it, so every Windows action is written once.
    #>
    [CmdletBinding(SupportsShouldProcess = $true)]
    [OutputType([pscustomobject])]
    param (
        [Parameter(Mandatory = $true)]
        [pscustomobject]
        $Operation,

        [Parameter(Mandatory = $true)]
        [ValidateSet('Test', 'Set', 'Undo')]
        [string]
        $Action,

        [Parameter()]
        [System.Management.Automation.PSCredential]
        $Credential
    )

    $op = $Operation
    $state = 'absent'
    $detail = $null
    switch ($op.kind) {
        'eventSource.register' {
            if ($Action -eq 'Test') {
                $current = Get-PgEventSource -Name $op.source
                if ($current.Registered) {
                    $state = 'different'
                    $detail = "registered with $($current.MessageFile)"
                    if ($current.MessageFile -eq $op.dll) {
                        $state = 'present'
                    }
                }
            }
            elseif ($Action -eq 'Set') {
                $null = Register-PgEventSource -Name $op.source -DllPath $op.dll -Confirm:$false
            }
            else {
                $null = Unregister-PgEventSource -Name $op.source -Confirm:$false
            }
        }
        'fileAcl.ownerOnly' {
            if ($Action -eq 'Test') {
                $current = Test-PgConfigFile -Path $op.path -Account $op.account
                $state = 'different'
                $detail = ($current.ExtraAccess -join '; ')
                if ($current.Compliant) {
                    $state = 'present'
                }
            }
            elseif ($Action -eq 'Set') {
                $null = Protect-PgConfigFile -Path $op.path -Account $op.account -Confirm:$false
            }
        }
        'firewall.allowTcp' {
            if ($Action -eq 'Test') {
                $current = Get-PgFirewallRule -Name $op.name
                if ($current) {
                    # The profiles Add-PgFirewallRule gives a rule by default.
                    $drift = @(Compare-PgFirewallRule -Rule $current -Port $op.port -FirewallProfile @('Domain', 'Private'))
                    $state = 'present'
                    if ($drift.Count -gt 0) {
                        $state = 'different'
                        $detail = $drift -join '; '
                    }
                }
            }
            elseif ($Action -eq 'Set') {
                $null = Add-PgFirewallRule -Name $op.name -DisplayName $op.displayName -Port $op.port -Confirm:$false
            }
            else {
                Remove-PgFirewallRule -Name $op.name -Confirm:$false
            }
        }
        'servicesFile.entry' {
            if ($Action -eq 'Test') {
                $current = @(Get-PgServicesFileEntry -Name $op.service | Where-Object -FilterScript { $_.Protocol -eq 'tcp' })
                if ($current.Count -gt 0) {
                    $state = 'different'
                    $detail = "now $($current[0].Port)/tcp"
                    if ($current.Count -eq 1 -and $current[0].Port -eq $op.port) {
                        $state = 'present'
                    }
                }
            }
            elseif ($Action -eq 'Set') {
                $null = Add-PgServicesFileEntry -Name $op.service -Port $op.port -Comment $op.comment -Confirm:$false
            }
            else {
                Remove-PgServicesFileEntry -Name $op.service -Confirm:$false
            }
        }
        'logonRight.grant' {
            if ($Action -eq 'Test') {
                if ((Test-PgServiceLogonRight -Account $op.account).Granted) {
                    $state = 'present'
                }
            }
            elseif ($Action -eq 'Set') {
                $null = Grant-PgServiceLogonRight -Account $op.account -Confirm:$false
            }
        }
        'service.instance' {
            if ($Action -eq 'Test') {
                $current = Get-PgService -Name $op.name
                if ($current) {
                    $state = 'different'
                    $detail = "$($current.StartType): $($current.BinaryPath)"
                    if ($current.StartType -eq 'Demand' -and $current.BinaryPath -like "*runservice*`"$($op.dataDir)`"*") {
                        $state = 'present'
                    }
                }
            }
            elseif ($Action -eq 'Set') {
                $null = Register-PgInstanceService -Name $op.name -DataDirectory $op.dataDir -Credential (Assert-PgCredential -Credential $Credential -Operation $op) -PgCtlPath $op.pgCtl -Force -Confirm:$false
            }
            else {
                Unregister-PgInstanceService -Name $op.name -PgCtlPath $op.pgCtl -Confirm:$false
            }
        }
        # The arbiter's service is the controller's kind of service: the service host running a
        # node command line, judged the same way; only its undo differs (it is stopped first).
        { $_ -eq 'service.mirroring' -or $_ -eq 'service.arbiter' } {
            $role = 'Mirroring Controller'
            if ($op.kind -eq 'service.arbiter') {
                $role = 'arbiter'
            }
            if ($Action -eq 'Test') {
                $current = Get-PgService -Name $op.name
                if ($current) {
                    $state = 'different'
                    $detail = "$($current.StartType) as $($current.Account): $($current.BinaryPath)"
                    $wanted = Get-PgMirroringServiceCommandLine -Operation $op
                    # By SID: .\symfo, HOST\symfo and symfo are one account. One that does not
                    # resolve is not the wanted one.
                    $wantedSid = $null
                    try {
                        $wantedSid = Resolve-PgAccountSid -Account $op.account
                    }
                    catch {
                        $detail += " (the account $($op.account) does not resolve: $($_.Exception.Message))"
                    }
                    $sameAccount = $wantedSid -and $current.AccountSid -eq $wantedSid
                    if ($current.BinaryPath -ceq $wanted -and $current.StartType -eq $op.start -and -not $current.DelayedStart -and $sameAccount) {
                        $state = 'present'
                    }
                }
            }
            elseif ($Action -eq 'Set') {
                $null = Set-PgMirroringServiceCore -Operation $op -Credential (Assert-PgCredential -Credential $Credential -Operation $op) -Role $role -Confirm:$false
            }
            else {
                Remove-PgMirroringServiceCore -Name $op.name -Role $role -Stop:($op.kind -eq 'service.arbiter') -Confirm:$false
            }
        }
        default {
            throw (New-PgErrorRecord -ErrorId 'UnknownOperation' -TargetObject $op `
                    -Message "The plan holds an operation of unknown kind '$($op.kind)'." `
                    -Hint 'The PgCluster module and its Node helper come from different versions: reinstall PgCluster.')
        }
    }
    if ($Action -eq 'Test') {
        return [pscustomobject]@{ State = $state; Detail = $detail }
    }
}
