function Get-PgMirroringPlan {
    <#
    .SYNOPSIS
        Shows the operations Install-PgMirroring would carry out for this server, in order.

    .DESCRIPTION
        Asks the Node helper to validate the configuration and plan the installation, and returns
        one PgCluster.PlanStep per operation (kind, target, action, and whether Uninstall-PgMirroring
        removes or keeps it). Nothing on the machine is read or changed; use Test-PgMirroring to
        compare the plan with the machine.

    .PARAMETER ConfigPath
        The Mirroring Controller management directory (the -M folder of mc_ctl) holding network.conf
        and <serverIdentifier>.conf.

    .PARAMETER LocalServer
        Which server of network.conf this is; needed when both servers are on one host.

    .PARAMETER Account
        The instance administrator the services would run as; defaults to the current user.

    .PARAMETER StartMode
        Start type of the Mirroring Controller service: Demand (default) or Auto.

    .PARAMETER Failover
        Plan the controller's service with automatic failover.

    .PARAMETER PgBinPath
        PostgreSQL's bin folder, when it cannot be found from PG_BIN or the registry.

    .EXAMPLE
        Get-PgMirroringPlan -ConfigPath D:\mcdir\inst1 -Account CONTOSO\symfo

        Lists the steps for server review before installing.

    .OUTPUTS
        PgCluster.PlanStep

    .LINK
        Install-PgMirroring
    #>
    [CmdletBinding()]
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
        [ValidateSet('Auto', 'Demand')]
        [string]
        $StartMode = 'Demand',

        [Parameter()]
        [switch]
        $Failover,

        [Parameter()]
        [string]
        $PgBinPath
    )

    process {
        try {
            $plan = Get-PgMirroringPlanData -ConfigPath $ConfigPath -LocalServer $LocalServer -Account (Resolve-PgAccount -Account $Account) -StartMode $StartMode -Failover:$Failover -PgBinPath $PgBinPath
        }
        catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
        foreach ($note in $plan.Notes) {
            Write-Warning -Message $note
        }
        for ($i = 0; $i -lt $plan.Operations.Count; $i++) {
            [pscustomobject]@{
                PSTypeName = 'PgCluster.PlanStep'
                Step       = $i + 1
                Kind       = $plan.Operations[$i].kind
                Target     = $plan.Steps[$i].target
                Action     = $plan.Steps[$i].action
                Before     = $null
                Outcome    = 'planned'
                Detail     = "undo: $($plan.Steps[$i].undo)"
            }
        }
    }
}
