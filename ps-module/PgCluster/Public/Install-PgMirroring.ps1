function Install-PgMirroring {
    <#
    .SYNOPSIS
        Prepares this server for database multiplexing in one idempotent step.

    .DESCRIPTION
        Does the per-server Windows part of the manual's set-up (sections 8.2 to 8.4): registers the
        event sources MirroringControllerOpen and event_source with pgevent.dll, grants the instance
        administrator "Log on as a service", reserves the controller and instance ports in the
        services file, restricts network.conf, <serverIdentifier>.conf and the key files to the
        administrator, opens the ports in Windows Firewall, registers the instance service (demand
        start) and the Mirroring Controller service. The Node helper plans the operations from the
        configuration; each is tested first and changed only when needed, so a Group Policy startup
        script can run it at every boot. If a step fails, what this run created is undone. -WhatIf
        prints the plan.

    .PARAMETER ConfigPath
        The Mirroring Controller management directory (the -M folder of mc_ctl) holding network.conf
        and <serverIdentifier>.conf.

    .PARAMETER LocalServer
        Which server of network.conf this is; needed when both servers are on one host.

    .PARAMETER Credential
        The instance administrator's account and password; the services run as this account.

    .PARAMETER StartMode
        Start type of the Mirroring Controller service: Demand (default) or Auto.

    .PARAMETER Failover
        The controller's service starts with automatic failover (mc_ctl start -f).

    .PARAMETER PgBinPath
        PostgreSQL's bin folder, when it cannot be found from PG_BIN or the registry.

    .PARAMETER Force
        Applies every change without asking for confirmation.

    .EXAMPLE
        Install-PgMirroring -ConfigPath D:\mcdir\inst1 -Credential (Get-Credential CONTOSO\symfo) -StartMode Auto -Failover

        Sets up this server; run it again at any time to repair drift.

    .EXAMPLE
        Install-PgMirroring -ConfigPath D:\mcdir\inst1 -Credential $cred -WhatIf

        Prints what would be changed, changing nothing.

    .OUTPUTS
        PgCluster.PlanStep

    .LINK
        Uninstall-PgMirroring
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
        [string]
        $PgBinPath,

        [Parameter()]
        [switch]
        $Force
    )

    process {
        if ($Force -and -not $PSBoundParameters.ContainsKey('Confirm')) {
            $ConfirmPreference = 'None'
        }
        try {
            $plan = Get-PgMirroringPlanData -ConfigPath $ConfigPath -LocalServer $LocalServer -Account $Credential.UserName -StartMode $StartMode -Failover:$Failover -PgBinPath $PgBinPath
            foreach ($note in $plan.Notes) {
                Write-Warning -Message $note
            }
            Invoke-PgPlan -Plan $plan -Mode Apply -Credential $Credential
        }
        catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
    }
}
