function Register-PgArbiterService {
    <#
    .SYNOPSIS
        Registers the arbiter of a pair as a Windows service (what mc_arbiter register does).

    .DESCRIPTION
        Creates the service that runs mc_arbiter run -M <ConfigPath> through the PgCluster service
        host, as the account of the credential, stopped by mc_arbiter stop. It is named
        mc_arbiter_<arbiterIdentifier> unless -ServiceName says otherwise, and the account is
        granted "Log on as a service" first. An existing service with the same settings is left
        alone; one that differs is corrected through the SCM's API. Read it back with Get-PgService.
        The first start needs the arbiter's record: run mc_arbiter run -M <ConfigPath> --init once.

    .PARAMETER ConfigPath
        The arbiter's directory, holding the pair's network.conf (with its arbiter line) and mc.key.

    .PARAMETER ServiceName
        The service's name; the default is mc_arbiter_<arbiterIdentifier>. Give Unregister-PgArbiterService the same name.

    .PARAMETER Credential
        The account the arbiter runs as, and its password; for a group Managed Service Account
        (CONTOSO\name$) or a built-in service account give an empty password.

    .PARAMETER StartMode
        Auto (default: start with Windows) or Demand.

    .PARAMETER Force
        Creates or corrects the service without asking for confirmation.

    .EXAMPLE
        Register-PgArbiterService -ConfigPath D:\arbiter -Credential (Get-Credential CONTOSO\pgarb)

        The equivalent of mc_arbiter register -M D:\arbiter, run as CONTOSO\pgarb.

    .OUTPUTS
        PgCluster.PlanStep

    .LINK
        Unregister-PgArbiterService
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('PgCluster.PlanStep')]
    param (
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [string]
        $ConfigPath,

        [Parameter()]
        [string]
        $ServiceName,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCredential]
        [System.Management.Automation.Credential()]
        $Credential,

        [Parameter()]
        [ValidateSet('Auto', 'Demand')]
        [string]
        $StartMode = 'Auto',

        [Parameter()]
        [switch]
        $Force
    )

    process {
        if ($Force -and -not $PSBoundParameters.ContainsKey('Confirm')) {
            $ConfirmPreference = 'None'
        }
        try {
            $plan = Get-PgArbiterPlanData -ConfigPath $ConfigPath -ServiceName $ServiceName -Account $Credential.UserName -StartMode $StartMode
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
