function Grant-PgServiceLogonRight {
    <#
    .SYNOPSIS
        Grants an account the "Log on as a service" right (SeServiceLogonRight), idempotently.

    .DESCRIPTION
        Checks the right first with Test-PgServiceLogonRight; an account that holds it is left
        alone. Otherwise exports the user-rights policy with secedit, appends ',*<SID>' to the
        SeServiceLogonRight line of [Privilege Rights] (adding the line when there is none),
        applies it with secedit /configure /areas USER_RIGHTS (no other policy area is touched)
        and checks the right again. The temporary .inf and .sdb files are always deleted. A
        domain Group Policy that sets this right overrides the local policy at its next refresh;
        grant it in that policy instead.

    .PARAMETER Account
        Accounts that run PgCluster services, as DOMAIN\user, COMPUTER\user or a SID. Accepts
        pipeline input, also from Test-PgServiceLogonRight.

    .PARAMETER Force
        Grants the right without asking for confirmation.

    .EXAMPLE
        Grant-PgServiceLogonRight -Account 'CONTOSO\symfo'

        Lets symfo run the Mirroring Controller and instance services, as set-up asks.

    .EXAMPLE
        Test-PgServiceLogonRight -Account 'CONTOSO\symfo' | Grant-PgServiceLogonRight -WhatIf

        Shows whether the right would be granted, without changing the policy.

    .OUTPUTS
        PgCluster.LogonRight

    .LINK
        Test-PgServiceLogonRight
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('PgCluster.LogonRight')]
    param (
        [Parameter(Mandatory = $true, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true, Position = 0)]
        [ValidateNotNullOrEmpty()]
        [string[]]
        $Account,

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
        foreach ($name in $Account) {
            $before = Test-PgServiceLogonRight -Account $name
            if ($before.Granted) {
                Write-Verbose -Message "'$name' already holds SeServiceLogonRight."
                $before
                continue
            }
            if (-not $PSCmdlet.ShouldProcess($name, 'Grant "Log on as a service" (SeServiceLogonRight)')) {
                continue
            }
            try {
                $edited = Edit-PgPrivilegeRightLine -Content (Export-PgUserRight) -Sid $before.Sid -Right 'SeServiceLogonRight'
                $run = Import-PgUserRight -Content $edited
            }
            catch {
                $PSCmdlet.ThrowTerminatingError($_)
            }
            $after = Test-PgServiceLogonRight -Account $name
            if (-not $after.Granted) {
                $id = 'LogonRightNotEffective'
                $hint = 'A domain Group Policy may define this right: grant it there (gpresult /h shows the winning policy).'
                if ($run.ExitCode -ne 0) {
                    $id = 'SeceditFailed'
                    $hint = 'Run PowerShell as Administrator; see %windir%\security\logs\scesrv.log.'
                }
                $PSCmdlet.ThrowTerminatingError((New-PgErrorRecord -ErrorId $id -TargetObject $name `
                            -Message "secedit /configure did not grant SeServiceLogonRight to '$name' ($($before.Sid)) (exit code $($run.ExitCode)): $($run.Output -join ' ')" `
                            -Hint $hint))
            }
            if ($run.ExitCode -ne 0) {
                Write-Warning -Message "secedit /configure exited with $($run.ExitCode) but '$name' now holds SeServiceLogonRight: $($run.Output -join ' ')"
            }
            $after
        }
    }
}
