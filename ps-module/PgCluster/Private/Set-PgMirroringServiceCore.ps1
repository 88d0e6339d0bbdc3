function Set-PgMirroringServiceCore {
    <#
    .SYNOPSIS
        Creates or corrects the Windows service of a service.mirroring (or service.arbiter: -Role
        says which) operation through the SCM's API (Invoke-PgServiceTool), and checks what it
        reads back.
        The password goes to the API on standard input; accounts that have none (a gMSA such as
        CONTOSO\pgsvc$, NT AUTHORITY\...) are given without one.
    #>
    [CmdletBinding(SupportsShouldProcess = $true)]
    [OutputType('PgCluster.Service')]
    param (
        [Parameter(Mandatory = $true)]
        [pscustomobject]
        $Operation,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCredential]
        $Credential,

        [Parameter()]
        [string]
        $Role = 'Mirroring Controller'
    )

    $op = $Operation
    $commandLine = Get-PgMirroringServiceCommandLine -Operation $op
    $verb = 'Create'
    if (Get-PgService -Name $op.name) {
        $verb = 'Correct'
    }
    if (-not $PSCmdlet.ShouldProcess("service '$($op.name)'", "$verb the $Role service ($($op.start) start, runs as $($Credential.UserName))")) {
        return
    }
    $settings = @{
        name        = $op.name
        binpath     = $commandLine
        display     = $op.description
        description = $op.description
        start       = "$($op.start)".ToLowerInvariant()
        account     = $Credential.UserName
    }
    if (-not (Test-PgPasswordlessAccount -Account $Credential.UserName)) {
        $settings['password'] = $Credential.GetNetworkCredential().Password
    }
    $after = Invoke-PgServiceTool -Set $settings -ErrorId 'ServiceCreateFailed' `
        -Hint 'Run PowerShell as Administrator; check the account and password, and that it may log on as a service (Grant-PgServiceLogonRight).'
    if ($after.BinaryPath -cne $commandLine -or $after.StartType -ne $op.start) {
        $check = 'run Test-PgMirroring, then register again.'
        if ($op.kind -eq 'service.arbiter') {
            $check = 'compare it with Get-PgService, then run Register-PgArbiterService again.'
        }
        throw (New-PgErrorRecord -ErrorId 'ServiceNotAsSet' -Category InvalidResult -TargetObject $op.name `
                -Message "The service '$($op.name)' reads back as $($after.StartType) start running: $($after.BinaryPath)" `
                -Hint "Another program changed it at the same time, or the SCM refused part of the change: $check")
    }
    $after
}
