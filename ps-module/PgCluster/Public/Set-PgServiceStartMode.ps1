function Set-PgServiceStartMode {
    <#
    .SYNOPSIS
        Sets a service to start automatically with Windows or on demand.

    .DESCRIPTION
        The Mirroring Controller's service may start with Windows (Auto); the instance's service
        must stay Demand, because the controller starts the instance in the right role. The start
        type is read first and changed only when it differs (Auto is never delayed), through the
        service control manager's API, then read back.

    .PARAMETER Name
        Service names. Accepts pipeline input, also from Get-PgService.

    .PARAMETER StartMode
        Auto (start with Windows) or Demand (start by command).

    .PARAMETER Force
        Changes the start type without asking for confirmation.

    .EXAMPLE
        Set-PgServiceStartMode -Name 'Mirroring_Controller_server1' -StartMode Auto

        Starts the controller with Windows, as manual section 8.10 describes.

    .EXAMPLE
        Get-PgService -Name 'Mirroring_Controller_server1' | Set-PgServiceStartMode -StartMode Demand

        Stops automatic start before a rolling update.

    .OUTPUTS
        PgCluster.Service

    .LINK
        Get-PgService
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('PgCluster.Service')]
    param (
        [Parameter(Mandatory = $true, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true, Position = 0)]
        [ValidateNotNullOrEmpty()]
        [string[]]
        $Name,

        [Parameter(Mandatory = $true, Position = 1)]
        [ValidateSet('Auto', 'Demand')]
        [string]
        $StartMode,

        [Parameter()]
        [switch]
        $Force
    )

    begin {
        if ($Force -and -not $PSBoundParameters.ContainsKey('Confirm')) {
            $ConfirmPreference = 'None'
        }
    }

    process {
        foreach ($service in $Name) {
            $current = Get-PgService -Name $service
            if (-not $current) {
                $PSCmdlet.ThrowTerminatingError((New-PgErrorRecord -ErrorId 'ServiceNotFound' -Category ObjectNotFound `
                            -TargetObject $service -Message "The service '$service' does not exist." `
                            -Hint 'Register it first (Register-PgMirroringService or Register-PgInstanceService).'))
            }
            if ($current.StartType -eq $StartMode -and -not $current.DelayedStart) {
                Write-Verbose -Message "Service '$service' already starts $StartMode."
                $current
                continue
            }
            if (-not $PSCmdlet.ShouldProcess("service '$service'", "Set start type to $StartMode")) {
                continue
            }
            try {
                $after = Invoke-PgServiceTool -Set @{ name = $service; start = $StartMode.ToLowerInvariant() } -ErrorId 'ServiceConfigFailed'
            }
            catch {
                $PSCmdlet.ThrowTerminatingError($_)
            }
            if ($after.StartType -ne $StartMode -or $after.DelayedStart) {
                $PSCmdlet.ThrowTerminatingError((New-PgErrorRecord -ErrorId 'ServiceNotAsSet' -Category InvalidResult -TargetObject $service `
                            -Message "The service '$service' still reads back as $($after.StartType) start after setting $StartMode." `
                            -Hint 'Another program (a Group Policy, an installer) sets it: find it, then run this again.'))
            }
            $after
        }
    }
}
