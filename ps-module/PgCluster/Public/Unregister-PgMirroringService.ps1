function Unregister-PgMirroringService {
    <#
    .SYNOPSIS
        Deletes the Mirroring Controller service of this server (what mc_ctl unregister does).

    .DESCRIPTION
        Removes the service named mc_service_name in <serverIdentifier>.conf with sc.exe delete. The
        controller must be stopped first (Stop-PgMirroring); a service that does not exist is
        reported as absent, so the command is safe to run again.

    .PARAMETER ConfigPath
        The Mirroring Controller management directory (the -M folder of mc_ctl) holding network.conf
        and <serverIdentifier>.conf.

    .PARAMETER LocalServer
        Which server of network.conf this is; needed when both servers are on one host.

    .PARAMETER Force
        Deletes the service without asking for confirmation.

    .EXAMPLE
        Unregister-PgMirroringService -ConfigPath D:\mcdir\inst1

        The equivalent of mc_ctl unregister -M D:\mcdir\inst1.

    .OUTPUTS
        PgCluster.PlanStep

    .LINK
        Register-PgMirroringService
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    [OutputType('PgCluster.PlanStep')]
    param (
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [Alias('McDirectory')]
        [ValidateNotNullOrEmpty()]
        [string]
        $ConfigPath,

        [Parameter()]
        [string]
        $LocalServer,

        [Parameter()]
        [switch]
        $Force
    )

    process {
        if ($Force -and -not $PSBoundParameters.ContainsKey('Confirm')) {
            $ConfirmPreference = 'None'
        }
        try {
            $plan = Get-PgMirroringPlanData -ConfigPath $ConfigPath -LocalServer $LocalServer -Account (Resolve-PgAccount)
            Invoke-PgPlan -Plan (Select-PgPlanOperation -Plan $plan -Kind 'service.mirroring') -Mode Undo
        }
        catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
    }
}
