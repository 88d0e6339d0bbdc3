function Unregister-PgArbiterService {
    <#
    .SYNOPSIS
        Stops and deletes the arbiter's Windows service (what mc_arbiter unregister does).

    .DESCRIPTION
        Stops the service named mc_arbiter_<arbiterIdentifier> (or -ServiceName) when it runs, then
        deletes it. A service that does not exist is reported as absent, so the command is safe to
        run again. The "Log on as a service" right is left to the account.

    .PARAMETER ConfigPath
        The arbiter's directory, holding the pair's network.conf (with its arbiter line) and mc.key.

    .PARAMETER ServiceName
        The service's name, if Register-PgArbiterService was given one.

    .PARAMETER Force
        Stops and deletes the service without asking for confirmation.

    .EXAMPLE
        Unregister-PgArbiterService -ConfigPath D:\arbiter

        The equivalent of mc_arbiter unregister -M D:\arbiter.

    .OUTPUTS
        PgCluster.PlanStep

    .LINK
        Register-PgArbiterService
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    [OutputType('PgCluster.PlanStep')]
    param (
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [string]
        $ConfigPath,

        [Parameter()]
        [string]
        $ServiceName,

        [Parameter()]
        [switch]
        $Force
    )

    process {
        if ($Force -and -not $PSBoundParameters.ContainsKey('Confirm')) {
            $ConfirmPreference = 'None'
        }
        try {
            $plan = Get-PgArbiterPlanData -ConfigPath $ConfigPath -ServiceName $ServiceName -Account (Resolve-PgAccount)
            Invoke-PgPlan -Plan $plan -Mode Undo
        }
        catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
    }
}
