function Test-PgServiceLogonRight {
    <#
    .SYNOPSIS
        Checks whether an account holds the "Log on as a service" right (SeServiceLogonRight).

    .DESCRIPTION
        Resolves the account to its SID, exports the local user-rights policy with
        secedit /export /areas USER_RIGHTS into a temporary file (always deleted afterwards) and
        looks for the SID, or a name of the same account, in the SeServiceLogonRight line of the
        [Privilege Rights] section. Returns a PgCluster.LogonRight object. The services of the
        Mirroring Controller and of the instance run as the instance administrator, which needs
        this right; sc.exe and pg_ctl register do not grant it.

    .PARAMETER Account
        Accounts to check, as DOMAIN\user, COMPUTER\user or a SID. Accepts pipeline input.

    .EXAMPLE
        Test-PgServiceLogonRight -Account 'CONTOSO\symfo'

        Returns Granted = True when symfo may run the controller's service.

    .EXAMPLE
        'CONTOSO\symfo', 'CONTOSO\pgadmin' | Test-PgServiceLogonRight | Where-Object -Property Granted -EQ $false

        Lists the accounts that still need Grant-PgServiceLogonRight.

    .OUTPUTS
        PgCluster.LogonRight

    .LINK
        Grant-PgServiceLogonRight
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.LogonRight')]
    param (
        [Parameter(Mandatory = $true, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true, Position = 0)]
        [ValidateNotNullOrEmpty()]
        [string[]]
        $Account
    )

    process {
        foreach ($name in $Account) {
            try {
                $sid = Resolve-PgAccountSid -Account $name
                $members = Get-PgPrivilegeRightMember -Content (Export-PgUserRight) -Right 'SeServiceLogonRight'
            }
            catch {
                $PSCmdlet.ThrowTerminatingError($_)
            }
            $granted = $false
            foreach ($member in $members) {
                if ($member -eq "*$sid" -or $member -eq $name) {
                    $granted = $true
                    break
                }
                if (-not $member.StartsWith('*')) {
                    # secedit writes a name instead of a SID for some accounts: compare their SIDs.
                    try {
                        if ((Resolve-PgAccountSid -Account $member) -eq $sid) {
                            $granted = $true
                            break
                        }
                    }
                    catch {
                        Write-Verbose -Message "SeServiceLogonRight member '$member' does not resolve to a SID."
                    }
                }
            }
            [pscustomobject]@{
                PSTypeName = 'PgCluster.LogonRight'
                Account    = $name
                Sid        = $sid
                Right      = 'SeServiceLogonRight'
                Granted    = $granted
            }
        }
    }
}
