function Register-PgMirroringService {
    <#
    .SYNOPSIS
        Registers the Mirroring Controller of this server as a Windows service (what mc_ctl register does).

    .DESCRIPTION
        Creates the service named mc_service_name in <serverIdentifier>.conf, running the controller
        through the PgCluster service host as the instance administrator, with the start type and
        failover option given. An existing service with the same settings is left alone; one that
        differs is corrected through the SCM's API. Read it back with Get-PgService.

    .PARAMETER ConfigPath
        The Mirroring Controller management directory (the -M folder of mc_ctl) holding network.conf
        and <serverIdentifier>.conf.

    .PARAMETER LocalServer
        Which server of network.conf this is; needed when both servers are on one host.

    .PARAMETER Credential
        The instance administrator's account and password; the service runs as this account.

    .PARAMETER StartMode
        Demand (default) or Auto (start with Windows; see manual section 8.10).

    .PARAMETER Failover
        The controller starts with automatic failover (mc_ctl start -f).

    .PARAMETER Force
        Creates or corrects the service without asking for confirmation.

    .EXAMPLE
        Register-PgMirroringService -ConfigPath D:\mcdir\inst1 -Credential (Get-Credential CONTOSO\symfo) -Failover -StartMode Auto

        The equivalent of mc_ctl register -M D:\mcdir\inst1 -f -S auto.

    .OUTPUTS
        PgCluster.PlanStep

    .LINK
        Unregister-PgMirroringService
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
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

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCredential]
        [System.Management.Automation.Credential()]
        $Credential,

        [Parameter()]
        [ValidateSet('Auto', 'Demand')]
        [string]
        $StartMode = 'Demand',

        [Parameter()]
        [switch]
        $Failover,

        [Parameter()]
        [switch]
        $Force
    )

    process {
        if ($Force -and -not $PSBoundParameters.ContainsKey('Confirm')) {
            $ConfirmPreference = 'None'
        }
        try {
            $plan = Get-PgMirroringPlanData -ConfigPath $ConfigPath -LocalServer $LocalServer -Account $Credential.UserName -StartMode $StartMode -Failover:$Failover
            Invoke-PgPlan -Plan (Select-PgPlanOperation -Plan $plan -Kind 'service.mirroring') -Mode Apply -Credential $Credential
        }
        catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
    }
}
