function Set-PgMirroringServiceCore {
    <#
    .SYNOPSIS
        Creates or corrects the Mirroring Controller's Windows service from a service.mirroring
        operation with sc.exe (create or config, then description), and reads it back.
    #>
    [CmdletBinding(SupportsShouldProcess = $true)]
    [OutputType([void])]
    param (
        [Parameter(Mandatory = $true)]
        [pscustomobject]
        $Operation,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCredential]
        $Credential
    )

    $op = $Operation
    $binPath = Get-PgMirroringServiceCommandLine -Operation $op
    $verb = 'create'
    if (Get-PgService -Name $op.name) {
        $verb = 'config'
    }
    if (-not $PSCmdlet.ShouldProcess("service '$($op.name)'", "$verb the Mirroring Controller service ($($op.start) start, runs as $($Credential.UserName))")) {
        return
    }
    $password = $Credential.GetNetworkCredential().Password
    $arguments = @($verb, $op.name, 'binPath=', $binPath, 'start=', "$($op.start)".ToLowerInvariant(),
        'obj=', $Credential.UserName, 'password=', $password, 'DisplayName=', $op.description, 'type=', 'own')
    $run = Invoke-PgNative -FilePath 'sc.exe' -ArgumentList $arguments
    if ($run.ExitCode -ne 0) {
        throw (New-PgErrorRecord -ErrorId 'ServiceCreateFailed' -TargetObject $op.name `
                -Message "sc.exe $verb $($op.name) failed (exit code $($run.ExitCode)): $($run.Output -join ' ')" `
                -Hint 'Run PowerShell as Administrator; check the account and password, and that it may log on as a service.')
    }
    $null = Invoke-PgNative -FilePath 'sc.exe' -ArgumentList @('description', $op.name, $op.description)
}
