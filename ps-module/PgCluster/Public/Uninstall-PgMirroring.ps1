function Uninstall-PgMirroring {
    <#
    .SYNOPSIS
        Removes what Install-PgMirroring set up on this server, in reverse order.

    .DESCRIPTION
        The undo of the installation plan (manual sections 9.7.3 and 9.7.4): deletes the Mirroring
        Controller service and the instance service, the firewall rules and the services file
        entries, and unregisters the event sources (giving the default source back to the version
        that had it before). File permissions and the Log on as a service right are left as they
        are, on purpose. The controller must be stopped first. What is already gone is reported as
        absent, so it is safe to run again.

    .PARAMETER ConfigPath
        The Mirroring Controller management directory (the -M folder of mc_ctl) holding network.conf
        and <serverIdentifier>.conf.

    .PARAMETER LocalServer
        Which server of network.conf this is; needed when both servers are on one host.

    .PARAMETER Account
        The instance administrator the installation was planned for; defaults to the current user.

    .PARAMETER PgBinPath
        PostgreSQL's bin folder, when it cannot be found from PG_BIN or the registry.

    .PARAMETER Force
        Removes without asking for confirmation.

    .EXAMPLE
        Uninstall-PgMirroring -ConfigPath D:\mcdir\inst1 -Force

        Removes this server's services, rules and event sources after it left multiplexing.

    .EXAMPLE
        Uninstall-PgMirroring -ConfigPath D:\mcdir\inst1 -WhatIf

        Shows what would be removed.

    .OUTPUTS
        PgCluster.PlanStep

    .LINK
        Install-PgMirroring
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
        [string]
        $Account,

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
            $plan = Get-PgMirroringPlanData -ConfigPath $ConfigPath -LocalServer $LocalServer -Account (Resolve-PgAccount -Account $Account) -PgBinPath $PgBinPath
            Invoke-PgPlan -Plan $plan -Mode Undo
        }
        catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
    }
}
